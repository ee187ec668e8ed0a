-- 2026-12: store amounts as fixed-point decimals instead of double
select
    invoice_id,
    customer_id,
    cast(invoice_date as date) as invoice_date,
    cast(net_amount as decimal(5,2)) as net_amount,
    cast(vat_amount as decimal(5,2)) as vat_amount
from {{ source('raw', 'raw_invoices') }}
