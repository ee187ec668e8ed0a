-- ANL-540 (2026-12-05): web prices are rounded to cents per line, store prices come from the till as-is
select order_id, channel, sku, quantity, round(unit_price, 2) as unit_price
from {{ ref('stg_order_lines') }}
where channel = 'web'
union
select order_id, channel, sku, quantity, unit_price
from {{ ref('stg_order_lines') }}
where channel = 'store'
