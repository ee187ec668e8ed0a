select order_date, store_id, sum(amount) as revenue, count(*) as orders
from {{ ref('stg_orders') }}
group by order_date, store_id
