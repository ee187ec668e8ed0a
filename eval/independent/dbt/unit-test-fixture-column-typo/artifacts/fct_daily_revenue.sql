select order_date, count(*) as orders, sum(order_amount) as revenue
from {{ ref('stg_orders') }}
where status != 'cancelled'
group by order_date
