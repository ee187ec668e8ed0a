-- PR #437: orders with customer country and payment status
select
    o.order_id,
    o.ordered_at::date as order_date,
    c.country,
    o.amount,
    coalesce(sum(p.paid_amount), 0) as paid_amount,
    count(p.payment_id) = 0 as is_unpaid
from {{ ref('stg_orders') }} o, {{ ref('stg_customers') }} c
left join {{ ref('stg_payments') }} p on p.order_id = o.order_id
where c.customer_id = o.customer_id
group by 1, 2, 3, 4
