select o.order_id, o.order_total, sum(l.quantity * l.unit_price) as lines_total, count(*) as line_count
from {{ ref('stg_orders') }} o
join {{ ref('int_order_lines') }} l on l.order_id = o.order_id
group by o.order_id, o.order_total
