select
    cast(ordered_at as date) as order_date,
    marketplace,
    count(*) as orders,
    sum(gross_amount) filter (where status <> 'cancelled') as gross_revenue
from {{ ref('stg_marketplace_orders') }}
group by all
