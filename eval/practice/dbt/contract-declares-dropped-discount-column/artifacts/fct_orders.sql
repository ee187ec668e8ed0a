-- 2026-12-05: net_amount now computed here; removed the raw discount column (ANL-233)
select
    order_id,
    customer_id,
    ordered_at,
    amount,
    amount - discount_amount as net_amount,
    status
from {{ ref('stg_orders') }}
