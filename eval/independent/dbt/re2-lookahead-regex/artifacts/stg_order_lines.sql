select
    order_id,
    line_no,
    sku,
    regexp_extract(sku, '(?<=SKU-)\d+') as sku_number,
    quantity,
    unit_price
from {{ source('raw', 'order_lines') }}
