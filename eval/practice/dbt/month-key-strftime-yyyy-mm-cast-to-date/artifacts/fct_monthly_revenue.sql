-- monthly revenue per store; revenue_month is the first day of the month
-- (2026-12-05: month key switched from date_trunc to a formatted key for the finance export)
select
    store_id,
    cast(strftime(order_date, '%Y-%m') as date) as revenue_month,
    count(*) as orders,
    sum(amount) as revenue
from {{ ref('stg_orders') }}
group by all
