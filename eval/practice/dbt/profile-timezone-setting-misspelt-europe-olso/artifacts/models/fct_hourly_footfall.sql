select
    store_id,
    date_trunc('hour', counted_at) as local_hour,
    sum(visitors) as visitors
from {{ ref('stg_footfall') }}
group by 1, 2
