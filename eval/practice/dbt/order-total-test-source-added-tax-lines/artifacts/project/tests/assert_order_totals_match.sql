-- order header total must equal the sum of its lines (to the cent)
select order_id, order_date, order_total, lines_total
from {{ ref('fct_orders') }}
where abs(order_total - lines_total) > 0.01
