select
    device_id,
    json_extract_string(payload_json, '$.screen') as screen,
    count(*) as views
from {{ ref('stg_device_events') }}
group by all
