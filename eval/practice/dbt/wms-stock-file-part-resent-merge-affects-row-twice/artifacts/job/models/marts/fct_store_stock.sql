{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key=['store_id', 'sku']
) }}

select
    store_id,
    sku,
    on_hand,
    loaded_at
from {{ source('wms', 'stock_levels') }}
{% if is_incremental() %}
where loaded_at > (select max(loaded_at) from {{ this }})
{% endif %}
