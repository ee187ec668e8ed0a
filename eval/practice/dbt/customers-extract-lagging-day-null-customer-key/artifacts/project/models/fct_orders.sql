select o.order_id, c.customer_id as customer_key, o.ordered_at, o.amount
from {{ ref('stg_orders') }} o
left join {{ ref('stg_customers') }} c on c.customer_id = o.customer_id
