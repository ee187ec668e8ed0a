select
    sku,
    trim(product_name)  as product_name,
    lower(category)     as category,
    list_price_eur,
    is_active
from {{ source('pim', 'products') }}
