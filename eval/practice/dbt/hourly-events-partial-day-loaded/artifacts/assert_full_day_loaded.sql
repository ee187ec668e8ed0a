-- every event_date must have all 24 hourly loads before the daily rollup is built
select event_date, count(distinct load_hour) as hours_loaded
from {{ source('raw', 'hourly_events') }}
group by event_date
having count(distinct load_hour) < 24
