-- h53_wh: POS receipts as the till gateway lands them, one JSON document per receipt (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS mart;
DROP TABLE IF EXISTS staging.pos_receipts;
CREATE TABLE staging.pos_receipts (
    receipt_id    text PRIMARY KEY,
    store_id      integer NOT NULL,
    business_date date NOT NULL,
    payload       jsonb NOT NULL
);
INSERT INTO staging.pos_receipts
SELECT 'R-' || s || '-' || lpad(g::text, 5, '0'), s, DATE '2026-12-07',
       jsonb_build_object(
           'status', 'COMPLETED', 'firmware', CASE WHEN s = 108 THEN '7.4.0' ELSE '7.3.2' END,
           'lines', jsonb_build_array(
               jsonb_build_object('sku', 'SKU-' || lpad(((g * 13) % 900)::text, 6, '0'), 'qty', 1 + g % 3, 'price', 2.49 + (g % 7)),
               jsonb_build_object('sku', 'SKU-' || lpad(((g * 17) % 900)::text, 6, '0'), 'qty', 1, 'price', 0.99)))
FROM generate_series(101, 110) s, generate_series(1, 60) g;
-- till firmware 7.4.0 (rolled out to store 108 on 2026-12-07) sends voided receipts with "lines": null
INSERT INTO staging.pos_receipts VALUES
    ('R-108-V0001', 108, DATE '2026-12-07', '{"status": "VOIDED", "firmware": "7.4.0", "void_reason": "customer_cancel", "lines": null}'),
    ('R-108-V0002', 108, DATE '2026-12-07', '{"status": "VOIDED", "firmware": "7.4.0", "void_reason": "price_error", "lines": null}');
DROP TABLE IF EXISTS mart.receipt_lines;
CREATE TABLE mart.receipt_lines (
    receipt_id text, store_id integer, business_date date, line_no integer, sku text, qty integer, price numeric(10,2)
);
