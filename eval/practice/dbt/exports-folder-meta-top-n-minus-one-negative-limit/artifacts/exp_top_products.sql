-- best-selling products for the merchandising team's weekly sheet
select
    sku,
    any_value(product_name) as product_name,
    sum(quantity)    as units,
    sum(line_amount) as revenue
from {{ ref('stg_order_lines') }}
group by sku
order by revenue desc
{{ limit_rows(config.meta_get('top_n', 100)) }}
