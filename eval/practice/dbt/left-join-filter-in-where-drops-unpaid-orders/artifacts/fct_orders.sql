-- ANL-512 (2026-12-05): refunded orders no longer reported in fct_orders
with payments as (
    select order_id, max(status) as payment_status, sum(amount) as paid_amount
    from {{ ref('stg_payments') }}
    group by order_id
)
select o.order_id, o.customer_id, o.store_id, o.ordered_at, o.order_total, o.currency,
       p.payment_status, coalesce(p.paid_amount, 0) as paid_amount
from {{ ref('stg_orders') }} o
left join payments p on p.order_id = o.order_id
where p.payment_status <> 'refunded'
