-- revenue per store and reporting period; the period grain is a project setting
select
    date_trunc('{{ var("revenue_grain") }}', order_date) as period_start,
    store_id,
    count(*)    as orders,
    sum(amount) as revenue
from {{ ref('stg_orders') }}
group by 1, 2
