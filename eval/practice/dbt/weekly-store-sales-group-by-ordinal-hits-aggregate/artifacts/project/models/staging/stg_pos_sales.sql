select sale_id, store_id, sold_at, sku, net_amount
from {{ source('raw', 'pos_sales') }}
