-- 2026-12-06: show the payment method on the fact (PR #2214)
select o.order_id, o.customer_id, d.country, o.order_date, o.status, o.amount,
       coalesce(p.paid_amount, 0) as paid_amount, p.method as payment_method
from {{ ref('stg_orders') }} o
join {{ ref('dim_customers') }} d using (customer_id)
left join {{ ref('stg_payments') }} p on p.customer_id = o.customer_id
