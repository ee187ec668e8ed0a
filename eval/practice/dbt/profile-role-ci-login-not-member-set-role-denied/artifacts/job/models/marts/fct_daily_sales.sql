select ordered_at::date as order_date, store_id, count(*) as orders, sum(amount) as revenue
from {{ ref('stg_orders') }}
where status <> 'refunded'
group by 1, 2
