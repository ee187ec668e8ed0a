select order_status, count(*) as orders, sum(amount) as revenue
from {{ ref('stg_orders') }}
group by order_status
