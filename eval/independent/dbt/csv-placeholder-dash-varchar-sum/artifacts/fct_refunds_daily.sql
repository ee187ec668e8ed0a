select
    refund_date,
    reason,
    count(*) as refund_count,
    sum(amount) as refund_amount,
    sum(error_count) as error_count
from {{ ref('stg_refunds') }}
group by 1, 2
