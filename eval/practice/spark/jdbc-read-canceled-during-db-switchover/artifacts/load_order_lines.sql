-- warehouse table the job reads (loaded by the nightly ELT; here a sample of 12M lines)
create schema if not exists sales;
drop table if exists sales.order_lines;
create table sales.order_lines as
select i as line_id,
       100 + (i % 40) as store_id,
       timestamp '2026-09-01' + (i % 8000000) * interval '1 second' as sold_at,
       1 + (i % 4) as quantity,
       round((2 + (i % 300) * 0.37)::numeric, 2) as unit_price,
       round((1 + (i % 300) * 0.25)::numeric, 2) as unit_cost
from generate_series(1, 12000000) as s(i);
analyze sales.order_lines;
