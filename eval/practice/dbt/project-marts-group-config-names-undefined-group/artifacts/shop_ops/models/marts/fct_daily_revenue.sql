select
    cast(ordered_at as date) as order_date,
    store_id,
    count(*) as orders,
    sum(amount) as revenue
from {{ ref('stg_orders') }}
where status in ('paid', 'shipped')
group by 1, 2
