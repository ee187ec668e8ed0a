{{ config(post_hook="grant select on {{ this }} to role reporting") }}

select
    l.order_id,
    l.sku_number,
    l.quantity,
    l.unit_price,
    p.unit_price as cost_price,
    l.quantity * (l.unit_price - p.unit_price) as margin
from {{ ref('stg_order_lines') }} l
left join {{ ref('dim_prices') }} p using (sku_number)
