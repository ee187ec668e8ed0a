select order_id, store_id, order_date, amount from {{ source('raw', 'orders') }}
