-- one row per sold line with log price / log quantity for the log-log elasticity fit
select
    line_id,
    sku,
    store_id,
    cast(sold_at as date) as sold_date,
    net_price,
    qty,
    cast(ln(net_price) as decimal(12, 6)) as log_price,
    cast(ln(qty) as decimal(12, 6)) as log_qty,
    promo_code
from {{ ref('stg_pos_lines') }}
