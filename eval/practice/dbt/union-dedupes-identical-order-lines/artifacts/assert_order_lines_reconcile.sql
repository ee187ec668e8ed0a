-- every order's header total must equal the sum of its lines
select order_id, order_total, lines_total
from {{ ref('fct_order_totals') }}
where abs(order_total - lines_total) > 0.01
