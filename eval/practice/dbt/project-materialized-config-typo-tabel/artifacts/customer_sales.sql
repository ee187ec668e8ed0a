select customer_id, count(*) as orders, sum(amount) as revenue, max(order_date) as last_order
from {{ ref('stg_orders') }}
group by 1
