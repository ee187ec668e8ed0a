select
    event_id,
    device_id,
    sdk_version,
    received_at,
    decode(from_base64(payload_b64)) as payload_json
from {{ source('raw', 'device_events') }}
