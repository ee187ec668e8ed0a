-- human readable label for the support desk export
select
    order_id,
    'Order #' + order_id as order_label,
    amount
from {{ ref('stg_orders') }}
