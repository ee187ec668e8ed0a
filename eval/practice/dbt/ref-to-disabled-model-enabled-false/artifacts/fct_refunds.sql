select r.order_id, sum(r.refund_amount) as refunded
from {{ ref('int_returns') }} r
group by 1
