select
    p.payment_id,
    p.order_id,
    p.paid_on,
    p.currency,
    p.amount,
    round(p.amount * fx.rate_to_eur, 2) as amount_eur
from {{ ref('stg_payments') }} p
left join {{ source('raw', 'fx_rates') }} fx
  on fx.currency = p.currency
