select cast(event_ts as date) as checkout_date, count(*) as checkouts, sum(cart_total) as cart_value
from {{ ref('stg_web_events') }}
group by 1
