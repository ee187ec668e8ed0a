select store_id, sku, sum(qty) as on_hand
from {{ ref('stg_stock_moves') }}
group by store_id, sku
