{{ config(materialized='incremental', unique_key='shipment_id') }}

select
    shipment_id,
    marketplace,
    carrier,
    ship_to,
    weight_kg,
    created_at
from {{ ref('stg_shipments') }}
{% if is_incremental() %}
where created_at > (select max(created_at) from {{ this }})
{% endif %}
