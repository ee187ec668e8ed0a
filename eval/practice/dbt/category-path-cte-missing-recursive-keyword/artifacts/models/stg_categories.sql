select category_id, parent_category_id, trim(category_name) as category_name
from {{ source('pim', 'categories') }}
