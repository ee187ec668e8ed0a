-- one row per customer: the address valid most recently (PR #433)
select distinct on (customer_id)
    customer_id,
    address_id,
    street,
    city,
    postcode,
    valid_from
from {{ source('crm', 'customer_addresses') }}
order by valid_from desc, customer_id
