select
    store_id,
    sum(revenue_cents) as revenue_cents,
    sum(revenue_cents - cost_cents) as margin_cents,
    sum(revenue_cents - cost_cents) / sum(revenue_cents) as margin_ratio
from raw.store_sales
group by store_id
