select order_id, customer_id, store_id, amount, ordered_at from {{ source('shop', 'orders') }}
