select
    o.store_id,
    s.region,
    cast(o.order_ts as date) as sales_date,
    count(*) as orders,
    sum(o.amount) as revenue
from {{ ref('stg_orders') }} o
join {{ ref('stg_stores') }} s on s.store_id = o.store_id
where o.status = 'completed'
group by 1, 2, 3
