-- customers with more than one order in the period (repeat buyers for the CRM audience)
select
    customer_id,
    count(*) as order_count,
    sum(order_total) as lifetime_value,
    max(ordered_at) as last_order_at
from {{ ref('stg_orders') }}
where count(*) > 1
group by customer_id
