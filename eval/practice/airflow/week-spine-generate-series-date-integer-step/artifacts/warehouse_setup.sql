-- h53_wh: store dimension and the weekly store-day spine (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS mart;
DROP TABLE IF EXISTS mart.dim_store;
CREATE TABLE mart.dim_store (store_id integer PRIMARY KEY, store_name text, opened_on date, closed_on date);
INSERT INTO mart.dim_store
SELECT s, 'Store ' || s, DATE '2019-01-01' + s, NULL FROM generate_series(101, 140) s;
DROP TABLE IF EXISTS mart.store_week_spine;
CREATE TABLE mart.store_week_spine (week_ending date, store_id integer, spine_date date);
