select payment_id,
       order_id,
       {{ cents_to_dollars('amount_cents') }} as amount_usd,
       paid_at
from {{ source('raw', 'payments') }}
