-- h53_wh: store stock and reorder points read by the replenishment proposal (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS replenishment;
DROP TABLE IF EXISTS replenishment.store_stock;
CREATE TABLE replenishment.store_stock (store_id integer, sku text, on_hand integer, reorder_point integer, reorder_qty integer);
INSERT INTO replenishment.store_stock
SELECT s, 'SKU-' || lpad(g::text, 6, '0'), (g * 7 + s) % 40, 12, 24
FROM generate_series(101, 112) s, generate_series(1, 300) g;
