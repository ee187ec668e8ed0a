select
    cast(order_ts as date) as order_date,
    count(*) as orders,
    sum(amount) as revenue
from {{ source('raw', 'raw_orders') }}
group by 1
