select
    subscription_id,
    customer_id,
    plan,
    started_on,
    billing_interval_days,
    price
from {{ source('raw', 'subscriptions') }}
