-- h53_wh: daily store sales the promo pilot uplift report reads (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS mart;
DROP TABLE IF EXISTS mart.store_daily_sales;
CREATE TABLE mart.store_daily_sales (store_id integer, business_date date, net_sales numeric(12,2), baskets integer);
INSERT INTO mart.store_daily_sales
SELECT s, DATE '2026-11-23' + d, round((3000 + s * 11 + d * 40)::numeric, 2), 300 + s % 50
FROM generate_series(101, 140) s, generate_series(0, 14) d;
