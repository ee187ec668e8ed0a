select
    line_id,
    order_id,
    promo_code,
    gross_amount,
    discount_pct,
    round(gross_amount * discount_pct, 2) as discount_amount,
    promo_day
from {{ source('raw', 'promo_lines') }}
