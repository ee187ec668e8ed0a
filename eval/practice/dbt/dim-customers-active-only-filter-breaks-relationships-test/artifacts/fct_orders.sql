select o.order_id, o.customer_id, o.status, o.amount, cast(o.ordered_at as date) as order_date
from {{ ref('stg_orders') }} o
