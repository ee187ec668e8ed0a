select payment_id, order_id, amount, currency, cast(paid_at as date) as paid_on
from {{ source('raw', 'payments') }}
