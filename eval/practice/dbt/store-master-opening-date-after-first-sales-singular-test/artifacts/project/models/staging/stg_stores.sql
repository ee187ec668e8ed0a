select store_id, store_name, region, opened_on from {{ source('raw', 'store_master') }}
