-- export for the partner portal: everything except the internal workflow status
select
    
    order_id,
    customer_id,
    ordered_at,
    shipped_at,
    amount,
    discount_amount,
,
    current_timestamp as exported_at
from "warehouse"."main"."stg_orders"