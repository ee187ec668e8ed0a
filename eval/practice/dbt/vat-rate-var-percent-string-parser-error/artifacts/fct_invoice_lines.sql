select
    invoice_id,
    line_no,
    sku,
    quantity,
    net_amount,
    round(net_amount * (1 + {{ var('vat_rate') }}), 2) as gross_amount,
    '{{ var("invoice_currency") }}'                      as currency,
    invoiced_on
from {{ ref('stg_invoice_lines') }}
