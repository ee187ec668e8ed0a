-- one row per expected invoice date until the end of the planning horizon
select
    s.subscription_id,
    s.customer_id,
    s.plan,
    cast(g.invoice_date as date) as invoice_date,
    s.price as invoice_amount
from {{ ref('stg_subscriptions') }} s,
     lateral generate_series(
         s.started_on,
         date '2027-06-30',
         to_days(s.billing_interval_days)
     ) as g(invoice_date)
