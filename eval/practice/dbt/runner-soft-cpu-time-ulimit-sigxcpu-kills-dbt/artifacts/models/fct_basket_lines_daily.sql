-- Daily basket-line aggregates rebuilt from the 1.5bn line-level events of the last 90 days
-- (synthesised here from range(); production reads the events table).
select
    i % 5000 + 1 as store_id,
    count(*) as basket_lines,
    sum(hash(i * 7) % 1000) as qty_units,
    approx_count_distinct(hash(i) % 2000003) as distinct_skus
from range(0, 1500000000) t(i)
group by 1
