{{ config(group='marketing') }}

select
    c.campaign_id,
    c.market,
    c.spend_eur,
    sum(m.margin_eur) as margin_eur,
    round(sum(m.margin_eur) / nullif(c.spend_eur, 0), 3) as roi
from {{ source('raw', 'campaigns') }} as c
join {{ ref('fin_order_margin') }} as m
  on m.market = c.market
group by 1, 2, 3
