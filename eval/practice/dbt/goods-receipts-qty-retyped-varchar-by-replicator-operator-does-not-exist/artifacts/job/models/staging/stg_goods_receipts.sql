select receipt_id, store_id, sku, received_qty, unit_cost, received_at
from {{ source('wms', 'goods_receipts') }}
