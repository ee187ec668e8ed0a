{{ config(materialized='incremental', unique_key='event_id', tags=['events']) }}

select
    event_id,
    account_id,
    event_type,
    event_ts as occurred_at
from {{ source('landing', 'raw_events') }}
{% if is_incremental() %}
where event_ts > (select max(event_ts) from {{ this }})
{% endif %}
