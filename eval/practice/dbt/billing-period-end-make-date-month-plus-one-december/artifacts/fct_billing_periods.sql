select
    subscription_id,
    plan_code,
    charge_date,
    date_trunc('month', charge_date)::date  as period_start,
    {{ month_end('charge_date') }}          as period_end,
    amount_eur
from {{ source('billing', 'subscription_charges') }}
