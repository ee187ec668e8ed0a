CREATE TABLE orders (order_id int PRIMARY KEY, region text, channel text, amount numeric(10,2), order_date date);
INSERT INTO orders VALUES (1,'EMEA','web',120.50,'2026-12-06'),(2,'EMEA','store',80.00,'2026-12-06'),(3,'AMER','web',300.10,'2026-12-06'),(4,'APAC','app',42.00,'2026-12-06');
-- connection: shop_db = postgres://postgres@127.0.0.1:5432/pr31_shop
