select
    line_id,
    order_id,
    json_extract_string(payload, '$.sku') as sku,
    cast(json_extract_string(payload, '$.qty') as integer) as qty,
    cast(json_extract_string(payload, '$.unit_price') as double) as unit_price,
    loaded_at
from {{ source('raw', 'raw_order_lines') }}
