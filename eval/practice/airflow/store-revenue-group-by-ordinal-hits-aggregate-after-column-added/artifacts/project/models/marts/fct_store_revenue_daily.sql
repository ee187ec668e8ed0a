-- Daily revenue per store.
-- 2026-12-06: added receipt count for the ops dashboard (FIN-2291)
select
    store_id,
    count(*)                              as receipts,
    business_date,
    sum(amount)                           as revenue,
    sum(case when kind = 'refund' then 1 else 0 end) as refunds
from {{ ref('stg_till_takings') }}
group by 1, 2
