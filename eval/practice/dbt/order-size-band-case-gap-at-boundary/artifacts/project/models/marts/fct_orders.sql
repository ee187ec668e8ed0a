select
    o.order_id,
    o.customer_id,
    c.country,
    o.order_date,
    o.status,
    o.order_total,
    -- bands agreed with CRM for the loyalty mailing (PR #212)
    case
        when o.order_total < 50 then 'small'
        when o.order_total > 50 and o.order_total < 200 then 'medium'
        when o.order_total > 200 then 'large'
    end as order_size_band,
    count(l.line_no) as line_count
from {{ ref('stg_orders') }} o
left join {{ ref('stg_customers') }} c using (customer_id)
left join {{ ref('stg_order_lines') }} l using (order_id)
group by all
