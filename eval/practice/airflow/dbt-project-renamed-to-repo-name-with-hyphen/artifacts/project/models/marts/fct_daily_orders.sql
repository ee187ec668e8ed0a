select order_date, count(*) as orders, sum(amount) as revenue
from {{ source('raw', 'orders') }}
where order_date = date '{{ var("run_date") }}'
group by order_date
