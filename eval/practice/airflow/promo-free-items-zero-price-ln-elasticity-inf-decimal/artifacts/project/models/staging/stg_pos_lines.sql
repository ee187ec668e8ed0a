select
    line_id,
    store_id,
    sku,
    cast(sold_at as timestamp) as sold_at,
    cast(qty as integer) as qty,
    cast(net_price as decimal(10, 2)) as net_price,
    nullif(promo_code, '') as promo_code
from {{ source('pos', 'pos_lines') }}
