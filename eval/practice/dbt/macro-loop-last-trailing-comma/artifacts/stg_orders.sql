select order_id, customer_id, ordered_at, shipped_at, amount, discount_amount, status
from {{ source('raw', 'orders') }}
