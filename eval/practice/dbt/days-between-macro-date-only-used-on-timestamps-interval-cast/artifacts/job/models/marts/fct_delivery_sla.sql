-- PR #440: delivery SLA per carrier, in days
select
    carrier,
    shipped_at::date as shipped_on,
    count(*) as shipments,
    avg({{ days_between('shipped_at', 'delivered_at') }}) as avg_days_in_transit,
    count(*) filter (where {{ days_between('shipped_at', 'delivered_at') }} > 2) as late_shipments
from {{ ref('stg_shipments') }}
where delivered_at is not null
group by 1, 2
