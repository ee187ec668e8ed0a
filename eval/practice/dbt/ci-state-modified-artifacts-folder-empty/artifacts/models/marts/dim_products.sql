-- PR #88: add price band for the assortment dashboard
select
    sku,
    product_name,
    category,
    list_price_eur,
    case when list_price_eur < 10 then 'budget'
         when list_price_eur < 50 then 'core'
         else 'premium' end as price_band
from {{ ref('stg_products') }}
where is_active
