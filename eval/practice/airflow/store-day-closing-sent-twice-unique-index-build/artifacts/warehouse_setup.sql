-- h53_wh: till day-close reports as the POS collector lands them (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS mart;
DROP TABLE IF EXISTS staging.pos_day_close;
CREATE TABLE staging.pos_day_close (
    store_id       integer NOT NULL,
    region         text NOT NULL,
    business_date  date NOT NULL,
    till_id        text NOT NULL,
    closing_total  numeric(12,2) NOT NULL,
    received_at    timestamptz NOT NULL
);
INSERT INTO staging.pos_day_close
SELECT s, CASE WHEN s < 115 THEN 'north' WHEN s < 129 THEN 'south' ELSE 'west' END,
       DATE '2026-12-07', 'T' || s || '-01', round((4000 + s * 13.7)::numeric, 2),
       TIMESTAMPTZ '2026-12-07 21:30:00+00' + (s - 100) * interval '1 minute'
FROM generate_series(101, 140) s;
-- store 117 re-closed its till after a late refund: the collector delivered a second day-close report
INSERT INTO staging.pos_day_close VALUES
    (117, 'south', DATE '2026-12-07', 'T117-01', 4186.40, TIMESTAMPTZ '2026-12-07 23:52:11+00');
DROP TABLE IF EXISTS mart.store_day_close;
CREATE TABLE mart.store_day_close (LIKE staging.pos_day_close);
