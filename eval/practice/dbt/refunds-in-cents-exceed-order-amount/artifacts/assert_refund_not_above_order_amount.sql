-- a refund can never exceed the amount of the order it refunds
select r.refund_id, r.order_id, r.refund_amount, o.amount as order_amount
from {{ ref('stg_refunds') }} r
join {{ ref('stg_orders') }} o using (order_id)
where r.refund_amount > o.amount
