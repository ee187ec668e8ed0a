select sku, product_name, category, unit_price, currency
from {{ ref('product_prices') }}
