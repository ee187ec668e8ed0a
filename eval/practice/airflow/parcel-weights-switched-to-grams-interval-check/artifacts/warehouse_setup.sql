-- h53_wh: parcel shipments as the carrier loader leaves them (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS logistics;
DROP TABLE IF EXISTS logistics.parcel_shipments;
CREATE TABLE logistics.parcel_shipments (
    parcel_id  text PRIMARY KEY,
    carrier    text NOT NULL,
    ship_date  date NOT NULL,
    dest_zip   text,
    weight_kg  numeric(12,3) NOT NULL
);
-- a week earlier: carrier feed v4.1, weights in kilograms
INSERT INTO logistics.parcel_shipments
SELECT 'DPD-20261130-' || lpad(g::text, 5, '0'), 'DPD', DATE '2026-11-30',
       lpad(((g * 37) % 99999)::text, 5, '0'), round((0.4 + (g % 40) * 0.45)::numeric, 3)
FROM generate_series(1, 212) g;
-- the run date: carrier feed v4.2, same column, weights now in grams
INSERT INTO logistics.parcel_shipments
SELECT 'DPD-20261207-' || lpad(g::text, 5, '0'), 'DPD', DATE '2026-12-07',
       lpad(((g * 41) % 99999)::text, 5, '0'), round((0.4 + (g % 40) * 0.45)::numeric, 3) * 1000
FROM generate_series(1, 219) g;
