-- discount_pct is a fraction of the gross amount (0.15 = 15 %)
select line_id, promo_code, discount_pct, promo_day
from {{ ref('stg_promo_lines') }}
where discount_pct < 0 or discount_pct > 1
