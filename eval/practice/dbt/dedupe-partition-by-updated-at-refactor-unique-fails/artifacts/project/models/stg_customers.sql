select customer_id, trim(name) as name, lower(segment) as segment, updated_at
from {{ source('crm', 'raw_customers') }}
