select
    store_id,
    trim(store_name)            as store_name,
    cast(postcode as varchar)   as postcode,
    trim(city)                  as city,
    upper(trim(state_code))     as state_code,
    opened_on
from {{ source('erp', 'stores') }}
