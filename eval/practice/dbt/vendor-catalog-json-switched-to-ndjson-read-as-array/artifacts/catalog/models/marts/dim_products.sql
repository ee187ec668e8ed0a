select
    sku,
    title,
    upper(brand) as brand,
    list_price,
    updated_at
from {{ ref('stg_vendor_products') }}
qualify row_number() over (partition by sku order by updated_at desc) = 1
