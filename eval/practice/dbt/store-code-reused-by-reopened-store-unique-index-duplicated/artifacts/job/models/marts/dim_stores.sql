{{ config(
    materialized='table',
    indexes=[
      {'columns': ['store_code'], 'unique': True},
      {'columns': ['region']}
    ]
) }}

-- store_code is the business key the POS and the WMS send us
select
    store_id,
    store_code,
    store_name,
    region,
    opened_on,
    closed_on,
    closed_on is null as is_open
from {{ source('store_ops', 'store_master') }}
