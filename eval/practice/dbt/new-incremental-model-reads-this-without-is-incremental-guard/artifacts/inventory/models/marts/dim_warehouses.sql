select distinct warehouse_id, split_part(warehouse_id, '-', 2) as city_code
from {{ ref('stg_stock_moves') }}
