select payment_id, {{ cents_to_eur('amount_cents') }} as amount_eur, status
from {{ source('raw', 'payments') }}
