select store_id, store_code from {{ source('shop', 'stores') }}
