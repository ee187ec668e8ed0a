with payments as (
    select order_id, sum(paid_amount) as paid_amount
    from {{ ref('stg_payments') }}
    group by order_id
)

select
    o.order_id,
    o.customer_id,
    c.email as customer_email,
    o.order_date,
    o.status,
    o.amount,
    coalesce(p.paid_amount, 0) as paid_amount
from {{ ref('stg_order') }} as o
left join {{ ref('stg_customers') }} as c on c.customer_id = o.customer_id
left join payments as p on p.order_id = o.order_id
