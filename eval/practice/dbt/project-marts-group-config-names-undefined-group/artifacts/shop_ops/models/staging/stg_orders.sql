select
    order_id,
    store_id,
    cast(ordered_at as timestamp) as ordered_at,
    cast(amount as decimal(12, 2)) as amount,
    status
from {{ source('raw', 'orders') }}
where status <> 'test'
