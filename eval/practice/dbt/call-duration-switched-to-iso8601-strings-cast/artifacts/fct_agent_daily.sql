select
    agent_id,
    cast(started_at as date)        as call_date,
    count(*)                        as calls,
    sum(duration_seconds)           as talk_seconds,
    avg(duration_seconds + wrap_up_seconds) as avg_handle_seconds
from {{ ref('stg_calls') }}
group by 1, 2
