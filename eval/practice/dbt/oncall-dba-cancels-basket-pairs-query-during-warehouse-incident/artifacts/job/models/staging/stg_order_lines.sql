select order_id, line_no, sku, quantity
from {{ source('pos', 'order_lines') }}
