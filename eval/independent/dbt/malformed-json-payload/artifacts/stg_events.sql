select
    event_id,
    received_at,
    json_extract_string(payload, '$.type') as event_type,
    json_extract_string(payload, '$.customer.id') as customer_id,
    cast(json_extract_string(payload, '$.amount') as decimal(12, 2)) as amount
from {{ source('raw', 'events') }}
