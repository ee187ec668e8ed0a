CREATE SCHEMA sales;
CREATE TABLE sales.store_sales (ticket_id serial PRIMARY KEY, store_id int NOT NULL, sold_on date NOT NULL, amount numeric(10,2) NOT NULL);
INSERT INTO sales.store_sales (store_id, sold_on, amount)
SELECT 1 + (g % 12), DATE '2026-12-06', round((5 + (g * 37 % 200))::numeric, 2) FROM generate_series(1, 900) g;
