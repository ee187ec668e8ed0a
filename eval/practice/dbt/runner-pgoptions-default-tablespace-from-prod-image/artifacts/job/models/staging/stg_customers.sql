select customer_id, lower(email) as email, country, created_at
from {{ source('shop', 'customers') }}
