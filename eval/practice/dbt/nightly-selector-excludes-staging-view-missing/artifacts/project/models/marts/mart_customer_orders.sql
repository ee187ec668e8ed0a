select o.customer_id, c.email, count(o.order_id) as orders, sum(o.amount) as revenue, max(o.ordered_at) as last_order_at
from {{ ref('stg_orders') }} o
join {{ ref('stg_customers') }} c using (customer_id)
group by all
