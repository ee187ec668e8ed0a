with events as (
    select event_id, event_ts, event_type, payload::json as doc
    from {{ source('raw', 'web_events') }}
    where event_type = 'checkout'
)
select
    event_id,
    event_ts,
    doc ->> '$.session_id' as session_id,
    doc ->> '$.cart.currency' as currency,
    (doc ->> '$.cart.total')::decimal(12, 2) as cart_total,
    json_array_length(doc -> '$.cart.items') as item_count
from events
