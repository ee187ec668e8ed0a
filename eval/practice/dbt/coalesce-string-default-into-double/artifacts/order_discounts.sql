select order_id,
       customer_id,
       order_total,
       coalesce(discount_pct, 'none') as discount_pct,
       order_total * (1 - coalesce(discount_pct, 0) / 100.0) as net_total
from {{ source('raw', 'orders') }}
