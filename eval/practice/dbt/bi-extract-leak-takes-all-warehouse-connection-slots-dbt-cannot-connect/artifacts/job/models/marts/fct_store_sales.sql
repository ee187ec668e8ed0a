select s.store_code, o.ordered_at::date as order_date, count(*) as orders, sum(o.amount) as revenue
from {{ ref('stg_orders') }} o
join {{ ref('stg_stores') }} s on s.store_id = o.store_id
group by 1, 2
