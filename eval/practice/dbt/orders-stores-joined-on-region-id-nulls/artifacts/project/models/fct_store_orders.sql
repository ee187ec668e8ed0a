-- orders enriched with store attributes for the store performance dashboard
-- 2026-12-05: add region rollup (PR #882)
select
    o.order_id,
    o.order_date,
    o.store_id,
    s.store_name,
    s.region_id,
    o.amount
from {{ source('raw', 'orders') }} o
left join {{ source('raw', 'stores') }} s
    on o.region_id = s.store_id
