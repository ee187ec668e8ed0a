select payment_id, order_id, method, {{ cents_to_currency('amount_cents') }} as amount, paid_at
from {{ source('psp', 'payments') }}
