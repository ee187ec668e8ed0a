-- latest subscription per account, used by the churn dashboard
select
    subscription_id,
    account_id,
    plan,
    started_at,
    mrr_cents
from {{ ref('stg_subscriptions') }}
where row_number() over (partition by account_id order by started_at desc) = 1
