select p.product_id, p.product_name, p.category_id, c.category_path, c.depth as category_depth
from {{ source('pim', 'products') }} as p
left join {{ ref('dim_category_paths') }} as c using (category_id)
