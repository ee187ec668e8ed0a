select
    o.order_id,
    o.order_date,
    o.currency,
    o.amount,
    r.rate_to_eur,
    round(o.amount * r.rate_to_eur, 2) as amount_eur
from {{ source('raw', 'orders') }} o
left join {{ source('raw', 'fx_rates') }} r
    on r.rate_date = o.order_date and r.currency = o.currency
where o.order_date = '{{ var("run_date") }}'
