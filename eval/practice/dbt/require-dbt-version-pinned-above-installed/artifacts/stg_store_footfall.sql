select store_id, visit_day, visitors
from {{ source('raw', 'store_footfall') }}
where visitors >= 0
