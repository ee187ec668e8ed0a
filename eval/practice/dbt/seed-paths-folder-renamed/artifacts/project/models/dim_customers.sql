select
    c.customer_id,
    c.email,
    c.country_code,
    cc.country_name,
    cc.region
from {{ source('raw', 'customers') }} c
left join {{ ref('country_codes') }} cc on cc.country_code = c.country_code
