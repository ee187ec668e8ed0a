select event_id, source_version, cast(event_ts as timestamp) as event_ts,
       json_extract_string(payload, '$.order_id') as order_id,
       cast(json_extract_string(payload, '$.amount') as decimal(12,2)) as amount
from {{ source('raw', 'events') }}
where event_type = 'purchase'
