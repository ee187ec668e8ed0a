select
    store_id,
    {{ iso_year('order_date') }} as iso_year,
    {{ iso_week('order_date') }} as iso_week,
    count(*)    as orders,
    sum(amount) as revenue
from {{ ref('stg_orders') }}
group by 1, 2, 3
