select
    store_id,
    sku,
    cast(on_hand as integer) as on_hand,
    cast(snapshot_date as date) as snapshot_date
from {{ source('raw', 'inventory') }}
where cast(snapshot_date as date) = date '{{ var("run_date") }}'
