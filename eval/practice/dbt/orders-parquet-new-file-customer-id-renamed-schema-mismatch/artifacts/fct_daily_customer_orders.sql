select order_date, customer_id, count(*) as orders, sum(amount) as revenue
from {{ ref('stg_orders') }}
group by all
