select payment_id, order_id, amount, paid_at
from {{ source('raw', 'card_payments') }}
