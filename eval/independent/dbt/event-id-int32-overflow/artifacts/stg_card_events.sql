select
    cast(event_id as integer) as event_id,
    card_token,
    merchant_id,
    amount_cents,
    event_ts
from {{ source('raw', 'card_events') }}
