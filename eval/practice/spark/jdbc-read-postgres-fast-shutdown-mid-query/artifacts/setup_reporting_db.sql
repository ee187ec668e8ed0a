-- the reporting replica (stand-in: a local cluster on port 28711)
create table sales_history as
select g as sale_id, 'S' || lpad((1 + g % 30)::text, 3, '0') as store_id,
       round((3 + (g * 37 % 17000) / 100.0)::numeric, 2) as amount,
       timestamp '2026-11-01' + (g % 500000) * interval '5 seconds' as sold_at
from generate_series(1, 400000) g;
-- heavy reporting view (joins the month-to-date aggregates; slow on purpose of its size)
create view store_month_sales_v as
select s.store_id, date_trunc('day', s.sold_at) as day, sum(s.amount) as amount, count(*) as receipts
from sales_history s, (select pg_sleep(12)) warmup
group by 1, 2;
