select sku, sold_date, count(*) as lines, avg(log_price) as avg_log_price, sum(qty) as units
from {{ ref('fct_price_points') }}
group by 1, 2
