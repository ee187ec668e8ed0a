select sku, title, brand, split_part(category_path, '/', 1) as department, price, in_stock
from {{ ref('stg_product_feed') }}
