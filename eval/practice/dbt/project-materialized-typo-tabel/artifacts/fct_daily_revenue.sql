select order_date, sum(amount) as revenue, count(*) as orders
from {{ source('raw', 'orders') }}
group by order_date
