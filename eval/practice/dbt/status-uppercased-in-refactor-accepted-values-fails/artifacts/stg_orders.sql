-- refactor 2026-12-06 (PR #412): normalise status values coming from the web shop and the POS
select
    order_id,
    customer_id,
    upper(trim(status)) as order_status,
    cast(amount as decimal(12,2)) as amount,
    cast(created_at as timestamp) as created_at
from {{ source('shop_raw', 'orders') }}
