select
    invoice_id,
    customer_id,
    cast(issued_at as date)            as issued_on,
    cast(net_amount as decimal(12, 2)) as net_amount_eur,
    lower(status)                      as status
from {{ source('billing', 'invoices') }}
