-- 2026-12-05: carry the store's opening date for the new-store replenishment report
select
    store_id,
    s.store_name,
    s.region,
    s.opened_on,
    i.sku,
    i.on_hand,
    i.snapshot_date
from {{ ref('stg_inventory') }} i
join {{ ref('stg_stores') }} s on s.store_id = i.store_id
