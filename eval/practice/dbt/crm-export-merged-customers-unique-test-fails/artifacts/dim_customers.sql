select customer_id, email, country, signed_up_on
from {{ source('crm', 'customers') }}
