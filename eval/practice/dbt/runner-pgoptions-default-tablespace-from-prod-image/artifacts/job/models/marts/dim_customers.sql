select c.customer_id, c.email, c.country, count(o.order_id) as lifetime_orders, sum(o.amount) as lifetime_value
from {{ ref('stg_customers') }} c
left join {{ ref('stg_orders') }} o on o.customer_id = c.customer_id
group by 1, 2, 3
