select
    order_id,
    line_no,
    sku,
    quantity,
    unit_price,
    quantity * unit_price as line_amount
from {{ source('raw', 'raw_order_lines') }}
