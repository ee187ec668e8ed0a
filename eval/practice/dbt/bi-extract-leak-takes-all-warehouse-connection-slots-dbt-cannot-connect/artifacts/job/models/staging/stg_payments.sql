select payment_id, order_id, paid_amount from {{ source('shop', 'payments') }}
