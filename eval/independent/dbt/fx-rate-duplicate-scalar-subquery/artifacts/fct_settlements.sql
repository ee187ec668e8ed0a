select
    t.txn_id,
    t.merchant_id,
    t.currency,
    t.amount,
    t.amount * (
        select r.rate_to_usd from {{ ref('stg_fx_rates') }} r
        where r.currency = t.currency and r.rate_date = t.txn_date
    ) as amount_usd,
    t.txn_date
from {{ ref('stg_transactions') }} t
where t.txn_date = date '2026-12-05'
