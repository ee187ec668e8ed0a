-- the tills' end-of-day closing totals are the finance reference for each store's business day
select f.store_id, f.business_date, f.revenue, t.till_total, f.revenue - t.till_total as diff
from {{ ref('fct_store_daily_sales') }} f
join {{ source('raw', 'till_closings') }} t
  on t.store_id = f.store_id and t.business_date = f.business_date
where abs(f.revenue - t.till_total) > 0.01
