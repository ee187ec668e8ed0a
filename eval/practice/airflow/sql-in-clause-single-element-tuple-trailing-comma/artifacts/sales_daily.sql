CREATE TABLE sales_daily (sale_date date, region text, revenue numeric(12,2), cost numeric(12,2));
INSERT INTO sales_daily VALUES
 ('2026-12-06','EMEA',120400.00,80110.00),('2026-12-06','APAC',90210.00,61000.00),
 ('2026-12-06','AMER',150300.00,99800.00),('2026-12-07','EMEA',118000.00,79000.00);
