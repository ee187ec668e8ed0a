-- ported from the legacy warehouse (tips report)
select driver_id,
       count(*) as trips,
       sum(nvl2(tip_amount, 1, 0)) as trips_with_tip_recorded,
       round(avg(coalesce(tip_amount, 0)), 2) as avg_tip
from {{ ref('fct_trips') }}
group by driver_id
