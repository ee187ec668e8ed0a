select product_id, sku, lower(trim(category)) as category, cast(list_price as decimal(10,2)) as list_price, is_discontinued
from {{ source('pim', 'products') }}
