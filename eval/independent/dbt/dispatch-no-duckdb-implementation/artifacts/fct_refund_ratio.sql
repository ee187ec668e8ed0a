-- share of each day's payments that were refunded (safe_divide from the shared acme_utils package)
with refunds as (
    select cast(refunded_at as date) as day, count(*) as refunds, sum(refund_amount) as refunded
    from {{ ref('stg_refunds') }}
    group by 1
)
select day, refunds, refunded,
       {{ acme_utils.safe_divide('refunds', '400') }} as refund_ratio
from refunds
