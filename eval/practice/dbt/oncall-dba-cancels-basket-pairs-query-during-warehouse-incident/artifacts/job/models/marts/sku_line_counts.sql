select sku, count(*) as lines, sum(quantity) as units
from {{ ref('stg_order_lines') }}
group by 1
