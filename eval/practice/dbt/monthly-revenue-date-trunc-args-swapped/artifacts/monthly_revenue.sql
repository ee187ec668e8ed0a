-- monthly revenue for the finance dashboard (refactored to date_trunc from strftime)
select
    date_trunc(order_date, 'month') as revenue_month,
    count(*) as orders,
    sum(amount) as revenue
from {{ ref('stg_orders') }}
group by 1
order by 1
