-- the fx provider is chosen per deployment: var fx_provider = ecb | oanda (model stg_fx_<provider>)
select
    o.order_id,
    o.order_date,
    o.currency,
    o.amount,
    round(o.amount / fx.units_per_eur, 2) as amount_eur,
    fx.fx_provider
from {{ ref('stg_orders') }} o
join {{ ref('stg_fx_' ~ var('fx_provider', 'ecb')) }} fx
  on fx.rate_date = o.order_date and fx.currency = o.currency
