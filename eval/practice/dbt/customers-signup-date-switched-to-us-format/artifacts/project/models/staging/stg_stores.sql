select store_id, store_name, region, cast(opened_on as date) as opened_on
from {{ source('raw', 'stores') }}
