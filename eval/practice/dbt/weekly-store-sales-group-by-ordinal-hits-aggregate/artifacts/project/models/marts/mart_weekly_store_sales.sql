-- weekly net sales per store; net_sales moved next to store_id for the BI extract (PR #412)
select
    store_id,
    sum(net_amount) as net_sales,
    date_trunc('week', sold_at) as sales_week,
    count(*) as sale_lines,
    count(distinct sku) as distinct_skus
from {{ ref('stg_pos_sales') }}
group by 1, 2
