-- one row per basket with its ordered item list (normal daily volume: ~300k lines)
select basket_id,
       list(sku order by line_no) as skus,
       string_agg(sku || ':' || qty, ',' order by line_no) as item_summary,
       sum(qty) as items
from {{ ref('stg_basket_lines') }}
group by basket_id
