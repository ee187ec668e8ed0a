select s.store_code, f.basket_lines, f.qty_units, f.distinct_skus
from {{ ref('fct_basket_lines_daily') }} f
join {{ ref('stg_basket_stores') }} s using (store_id)
