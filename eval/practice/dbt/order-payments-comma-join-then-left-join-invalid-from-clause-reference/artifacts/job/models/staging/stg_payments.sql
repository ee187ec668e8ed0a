select payment_id, order_id, method, paid_amount, paid_at
from {{ source('shop', 'payments') }}
