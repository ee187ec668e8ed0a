select
    (i % 997) as sku_a,
    (hash(i) % 997) as sku_b,
    count(*) as pair_count
from range(0, 1500000000) t(i)
group by 1, 2
