select
    event_id,
    session_id,
    event_type,
    page,
    cast(event_ts as timestamp) as event_ts
from {{ source('raw', 'web_events') }}
