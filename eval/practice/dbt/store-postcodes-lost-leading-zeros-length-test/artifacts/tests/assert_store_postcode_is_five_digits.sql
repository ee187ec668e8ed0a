-- German postcodes are always five digits (01067 Dresden ... 99998); the delivery-zone
-- lookup in dim_stores keys on the first two.
select store_id, store_name, postcode, city
from {{ ref('stg_stores') }}
where not regexp_full_match(postcode, '[0-9]{5}')
