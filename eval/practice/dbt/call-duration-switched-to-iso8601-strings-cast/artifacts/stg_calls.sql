select
    call_id,
    agent_id,
    queue,
    cast(started_at as timestamp)        as started_at,
    cast(duration_seconds as integer)    as duration_seconds,
    cast(wrap_up_seconds as integer)     as wrap_up_seconds,
    disposition
from {{ source('telephony', 'calls') }}
