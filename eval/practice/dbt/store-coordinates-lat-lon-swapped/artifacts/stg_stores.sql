select store_id, store_name, region, cast(latitude as double) as latitude, cast(longitude as double) as longitude
from {{ source('raw', 'stores') }}
