{{ config(
    materialized='incremental',
    incremental_strategy='microbatch',
    event_time='occurred_at',
    batch_size='day',
    unique_key='event_id'
) }}
select event_id, occurred_at, event_type, customer_id, 0 as error_count
from {{ ref('stg_events') }}
