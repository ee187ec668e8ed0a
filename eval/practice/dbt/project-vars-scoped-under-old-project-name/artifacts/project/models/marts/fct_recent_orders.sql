select
    order_date,
    count(*) as orders,
    sum(order_total) as revenue,
    '{{ var("reporting_currency") }}' as currency
from {{ ref('fct_orders') }}
where order_date > date '2026-12-06' - interval ({{ var('reporting_lookback_days') }}) day
group by all
