CREATE ROLE h56_loader LOGIN;
CREATE ROLE h56_reporter LOGIN;
ALTER DATABASE h56_wh OWNER TO h56_loader;
\c h56_wh h56_loader
CREATE SCHEMA raw; CREATE SCHEMA promo; CREATE SCHEMA net; CREATE SCHEMA staging; CREATE SCHEMA sales; CREATE SCHEMA ops;
CREATE TABLE raw.sensor_readings (site text NOT NULL, sensor_id text NOT NULL, read_at timestamptz NOT NULL, payload jsonb NOT NULL);
CREATE TABLE promo.campaigns (promo_id text PRIMARY KEY, name text, channel text, validity daterange NOT NULL, discount_pct numeric(5,2), synced_at timestamptz);
CREATE TABLE net.devices (device_id text PRIMARY KEY, hostname text, store text, kind text, mgmt_ip inet NOT NULL, last_seen timestamptz);
CREATE TABLE staging.supplier_prices (supplier text, sku text, price numeric(12,2), currency char(3), price_date date);
CREATE TABLE sales.orders (order_id bigint PRIMARY KEY, store_id int, customer_id int, amount numeric(10,2), ordered_at timestamptz);
INSERT INTO sales.orders SELECT i, 1 + i % 40, CASE WHEN i % 9 = 0 THEN NULL ELSE 1000 + i % 3000 END, round((5 + (i * 7.31) % 180)::numeric, 2),
       timestamptz '2026-12-01 08:00+00' + (i % 7) * interval '1 day' + (i % 600) * interval '1 minute' FROM generate_series(1, 14000) i;
CREATE TABLE sales.returns (return_id bigint PRIMARY KEY, order_id bigint, sku text, reason text, amount numeric(10,2), created_at timestamptz);
INSERT INTO sales.returns SELECT i, 100000 + i, 'SKU-' || (10000 + i % 80000), (ARRAY['damaged in transit','wrong size','changed mind','late delivery','not as described'])[1 + i % 5],
       round((3 + (i * 3.7) % 90)::numeric, 2), timestamptz '2026-12-07 00:00+00' + (i % 86000) * interval '1 second' FROM generate_series(1, 320000) i;
CREATE TABLE ops.export_progress (run_id text, export text, rows_written int, updated_at timestamptz DEFAULT now(), PRIMARY KEY (run_id, export));
GRANT USAGE ON SCHEMA sales TO h56_reporter; GRANT SELECT ON ALL TABLES IN SCHEMA sales TO h56_reporter;
