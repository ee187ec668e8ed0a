-- private Postgres (127.0.0.1:28847) standing in for the orders and finance warehouses
CREATE TABLESPACE fastdisk LOCATION '/tmp/pr28/tbs';   -- 4 MB volume shared by several teams
CREATE DATABASE pr28_orders;
CREATE DATABASE pr28_finance;
\c pr28_orders
CREATE SCHEMA sales;
CREATE SCHEMA marketing;
CREATE TABLE sales.order_lines (order_id bigint, line_no int, sku text, quantity int, unit_price numeric(10,2), order_date date, note text) TABLESPACE fastdisk;
CREATE TABLE marketing.campaign_touches (touch_id bigint, customer_id bigint, campaign text, touched_at timestamptz) TABLESPACE fastdisk;
INSERT INTO marketing.campaign_touches SELECT g, g % 50000, 'xmas_2026_wave_' || (g % 7), now() - (g || ' seconds')::interval FROM generate_series(1, 38000) g;
\c pr28_finance
CREATE SCHEMA finance;
CREATE TABLE finance.settlement_lines (settlement_id text, payment_ref text, merchant_id text, gross numeric(12,2), fee numeric(12,2), net numeric(12,2), settlement_date date);
