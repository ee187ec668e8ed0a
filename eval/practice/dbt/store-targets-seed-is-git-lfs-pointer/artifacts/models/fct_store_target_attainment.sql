with sales as (
    select store_id, date_trunc('week', sale_date) as week_start, sum(net_sales) as net_sales
    from {{ ref('store_sales') }}
    group by 1, 2
)
select s.store_id, s.week_start, s.net_sales, t.target_net_sales,
       round(s.net_sales / nullif(t.target_net_sales, 0), 3) as attainment
from sales s
join {{ ref('store_targets') }} t
  on t.store_id = s.store_id and t.week_start = s.week_start
