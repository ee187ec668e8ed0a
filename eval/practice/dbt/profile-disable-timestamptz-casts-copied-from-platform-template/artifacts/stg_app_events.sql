select
    event_id,
    user_id,
    event_name,
    received_at,
    received_at::date as received_date
from {{ source('raw', 'app_events') }}
