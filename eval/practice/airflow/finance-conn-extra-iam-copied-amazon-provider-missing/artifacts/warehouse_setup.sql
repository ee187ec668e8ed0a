-- h53_wh: general ledger postings the month-to-date reconciliation reads (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS finance;
DROP TABLE IF EXISTS finance.gl_postings;
CREATE TABLE finance.gl_postings (posting_date date, account text, debit numeric(14,2), credit numeric(14,2));
INSERT INTO finance.gl_postings
SELECT DATE '2026-12-01' + (g % 7), CASE WHEN g % 2 = 0 THEN '4000' ELSE '1200' END,
       CASE WHEN g % 2 = 0 THEN 0 ELSE 100 + g END, CASE WHEN g % 2 = 0 THEN 100 + g - 1 ELSE 0 END
FROM generate_series(1, 400) g;
