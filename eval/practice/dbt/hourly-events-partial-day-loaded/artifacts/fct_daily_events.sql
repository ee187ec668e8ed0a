select event_date, event_type, count(*) as events, count(distinct user_id) as users
from {{ ref('stg_hourly_events') }}
group by 1, 2
