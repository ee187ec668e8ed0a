select store_id, store_name, region, latitude, longitude
from {{ ref('dim_stores') }}
where latitude not between -90 and 90 or longitude not between -180 and 180
