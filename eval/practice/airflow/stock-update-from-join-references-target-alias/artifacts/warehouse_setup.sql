-- h53_wh: store stock mart and the intraday stock deltas from the till sync (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS mart;
DROP TABLE IF EXISTS mart.stores;
CREATE TABLE mart.stores (store_id integer PRIMARY KEY, store_code text UNIQUE NOT NULL);
INSERT INTO mart.stores SELECT s, 'ST' || s FROM generate_series(101, 120) s;
DROP TABLE IF EXISTS mart.store_stock;
CREATE TABLE mart.store_stock (store_id integer, sku text, on_hand integer, updated_at timestamptz, PRIMARY KEY (store_id, sku));
INSERT INTO mart.store_stock
SELECT s, 'SKU-' || lpad(g::text, 6, '0'), 10 + (s + g) % 30, TIMESTAMPTZ '2026-12-06 23:00:00+00'
FROM generate_series(101, 120) s, generate_series(1, 200) g;
DROP TABLE IF EXISTS staging.stock_deltas;
CREATE TABLE staging.stock_deltas (delta_date date, store_code text, sku text, on_hand integer);
INSERT INTO staging.stock_deltas
SELECT DATE '2026-12-07', 'ST' || s, 'SKU-' || lpad(((s * 7 + g) % 200 + 1)::text, 6, '0'), (s + g) % 25
FROM generate_series(101, 120) s, generate_series(1, 15) g;
