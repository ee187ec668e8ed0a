{{ config(materialized='table') }}
select
    cast(event_id as uuid) as event_id,
    user_id,
    lower(event_type) as event_type,
    occurred_at
from {{ source('raw', 'app_events') }}
