select
    paid_on as revenue_date,
    count(*) as payments,
    sum({{ to_currency('amount_cents') }}) as revenue_eur
from {{ source('raw', 'payments') }}
group by 1
