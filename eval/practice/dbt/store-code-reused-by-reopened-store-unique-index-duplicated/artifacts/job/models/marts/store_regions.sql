select region, count(*) filter (where is_open) as open_stores, count(*) as all_stores
from {{ ref('dim_stores') }}
group by 1
