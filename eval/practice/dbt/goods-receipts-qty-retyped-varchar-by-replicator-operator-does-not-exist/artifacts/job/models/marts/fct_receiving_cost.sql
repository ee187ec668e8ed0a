select
    store_id,
    received_at::date as received_on,
    count(*) as receipts,
    sum(received_qty * unit_cost) as received_value
from {{ ref('stg_goods_receipts') }}
group by 1, 2
