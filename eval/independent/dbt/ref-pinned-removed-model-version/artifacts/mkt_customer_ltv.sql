select
    c.market,
    count(distinct c.customer_id) as customers,
    sum(o.amount_eur) / nullif(count(distinct c.customer_id), 0) as ltv_eur
from {{ ref('dim_customers', v=1) }} as c
join {{ ref('fct_orders_current') }} as o
  on o.order_id % 97 = c.customer_id
group by c.market
