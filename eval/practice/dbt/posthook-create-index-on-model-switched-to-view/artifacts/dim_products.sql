-- 2026-12-04 (PR #412): switched to a view to save storage; the dim is small and BI reads it rarely
{{ config(
    materialized='view',
    post_hook=["create index if not exists idx_dim_products_sku on {{ this }} (sku)"]
) }}
select product_id, sku, category, list_price,
       case when list_price >= 100 then 'premium' else 'standard' end as price_band
from {{ ref('stg_products') }}
where not is_discontinued
