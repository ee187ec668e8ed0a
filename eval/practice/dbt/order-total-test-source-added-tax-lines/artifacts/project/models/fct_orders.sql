with lines as (
    select order_id, sum(amount) as lines_total, count(*) as line_count
    from {{ source('oms', 'raw_order_lines') }}
    group by order_id
)
select o.order_id, o.order_date, o.order_total, l.lines_total, l.line_count
from {{ source('oms', 'raw_orders') }} o
join lines l using (order_id)
