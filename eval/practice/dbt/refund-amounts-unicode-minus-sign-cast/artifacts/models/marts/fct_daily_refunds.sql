select
    refund_date,
    currency,
    count(*) as refunds,
    sum(amount) as refunded_amount
from {{ ref('stg_refunds') }}
group by 1, 2
