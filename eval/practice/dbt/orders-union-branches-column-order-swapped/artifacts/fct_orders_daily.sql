select
    date_trunc('day', ordered_at) as order_day,
    channel,
    count(*) as orders
from {{ ref('stg_orders_all_channels') }}
group by 1, 2
