select
    i.store_id,
    s.store_name,
    s.region,
    i.sku,
    i.on_hand,
    i.snapshot_date
from {{ ref('stg_inventory') }} i
join {{ ref('stg_stores') }} s on s.store_id = i.store_id
