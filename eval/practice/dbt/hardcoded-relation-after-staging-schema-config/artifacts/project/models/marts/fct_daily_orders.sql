select order_date, count(*) as orders, sum(amount) as revenue
from main.stg_orders
group by order_date
