select
    move_id,
    sku,
    warehouse_id,
    cast(qty as integer) as qty,
    move_type,
    cast(moved_at as timestamp) as moved_at
from {{ source('raw', 'stock_moves') }}
