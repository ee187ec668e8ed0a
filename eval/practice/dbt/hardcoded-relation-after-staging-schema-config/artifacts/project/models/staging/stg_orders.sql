select order_id, order_date, amount from {{ source('shop', 'raw_orders') }}
