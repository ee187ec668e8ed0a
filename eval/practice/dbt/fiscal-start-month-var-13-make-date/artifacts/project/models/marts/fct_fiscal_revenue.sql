select
    make_date(year(order_date), {{ var('fiscal_year_start_month') }}, 1) as fiscal_year_start,
    sum(amount) as revenue
from {{ ref('stg_orders') }}
group by 1
