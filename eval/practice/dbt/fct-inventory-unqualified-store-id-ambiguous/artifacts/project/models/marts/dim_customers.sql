with orders as (
    select customer_id, count(*) as order_count, sum(amount) as lifetime_amount
    from {{ ref('stg_orders') }}
    where status = 'completed'
    group by customer_id
)
select
    c.customer_id,
    c.email,
    c.country,
    c.signup_date,
    coalesce(o.order_count, 0) as order_count,
    coalesce(o.lifetime_amount, 0) as lifetime_amount
from {{ ref('stg_customers') }} c
left join orders o on o.customer_id = c.customer_id
