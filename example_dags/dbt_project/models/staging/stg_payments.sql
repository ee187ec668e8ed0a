select
    payment_id,
    order_id,
    payment_method,
    amount as paid_amount
from {{ source('raw', 'payments') }}
