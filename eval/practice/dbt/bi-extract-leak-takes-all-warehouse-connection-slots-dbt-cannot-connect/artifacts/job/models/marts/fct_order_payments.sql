select o.order_id, c.country, o.amount, coalesce(p.paid_amount, 0) as paid_amount
from {{ ref('stg_orders') }} o
join {{ ref('stg_customers') }} c on c.customer_id = o.customer_id
left join {{ ref('stg_payments') }} p on p.order_id = o.order_id
