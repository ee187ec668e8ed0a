select
    o.order_id,
    o.customer_id,
    c.country,
    o.order_date,
    o.status,
    o.order_total,
    count(l.line_no) as line_count
from {{ ref('stg_orders') }} o
left join {{ ref('stg_customers') }} c using (customer_id)
left join {{ ref('stg_order_lines') }} l using (order_id)
group by all
