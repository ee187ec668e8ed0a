{% set market = market_code() %}

select
    market,
    count(*) as orders,
    sum(amount_eur) as revenue_eur
from {{ ref('fct_orders_current') }}
where market = '{{ market }}'
group by market
