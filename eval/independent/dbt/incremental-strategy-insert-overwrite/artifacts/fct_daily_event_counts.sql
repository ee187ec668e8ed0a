{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite',
    tags=['events']
) }}

select
    cast(event_ts as date) as event_day,
    event_type,
    count(*) as events
from {{ source('landing', 'raw_events') }}
{% if is_incremental() %}
where cast(event_ts as date) >= (select max(event_day) from {{ this }})
{% endif %}
group by 1, 2
