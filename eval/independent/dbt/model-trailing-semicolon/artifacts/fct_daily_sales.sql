select
    sale_date,
    count(*) as sale_count,
    round(sum(amount), 2) as revenue
from {{ ref('stg_sales') }}
group by sale_date
order by sale_date;
