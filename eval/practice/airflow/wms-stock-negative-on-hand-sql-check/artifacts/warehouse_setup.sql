-- h53_wh: nightly WMS stock snapshot as landed by the WMS export (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS staging;
DROP TABLE IF EXISTS staging.wms_stock;
CREATE TABLE staging.wms_stock (
    snapshot_date date NOT NULL,
    warehouse_id  text NOT NULL,
    sku           text NOT NULL,
    on_hand       integer NOT NULL,
    allocated     integer NOT NULL
);
INSERT INTO staging.wms_stock
SELECT DATE '2026-12-07', w, 'SKU-' || lpad(g::text, 6, '0'), 20 + (g * 7) % 300, (g * 3) % 20
FROM unnest(ARRAY['WH-HAM', 'WH-MUC', 'WH-DUS']) w, generate_series(1, 1700) g;
-- cycle-count correction at WH-MUC booked twice by the WMS: on_hand went below zero for 23 SKUs
UPDATE staging.wms_stock SET on_hand = on_hand - 2 * (on_hand + 5)
WHERE snapshot_date = DATE '2026-12-07' AND warehouse_id = 'WH-MUC'
  AND sku IN (SELECT 'SKU-' || lpad((g * 61)::text, 6, '0') FROM generate_series(1, 23) g);
