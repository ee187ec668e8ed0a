select customer_id, lower(trim(email)) as email, upper(country) as country, exported_at
from {{ source('crm', 'raw_customers') }}
