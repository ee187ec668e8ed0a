select
    invoice_id,
    account_id,
    {{ cents_to_dollars('amount_cents') }} as amount,
    issued_on
from {{ source('raw', 'invoices') }}
