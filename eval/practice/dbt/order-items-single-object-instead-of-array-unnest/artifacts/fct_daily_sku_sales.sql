select sku, sum(qty) as units, sum(qty * price) as revenue
from {{ ref('stg_order_items') }}
group by sku
