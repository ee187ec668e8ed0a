select
    s.store_id,
    s.store_name,
    s.postcode,
    s.city,
    s.state_code,
    left(s.postcode, 2) as postcode_region,
    s.opened_on
from {{ ref('stg_stores') }} s
