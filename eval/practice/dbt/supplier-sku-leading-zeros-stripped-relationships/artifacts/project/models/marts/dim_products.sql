select sku, product_name, category
from {{ source('erp', 'products') }}
