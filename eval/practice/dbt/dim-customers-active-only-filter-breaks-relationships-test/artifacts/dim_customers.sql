-- PR #1520: marketing asked for active customers only in the customer dimension
select customer_id, email, country, created_at
from {{ ref('stg_customers') }}
where is_active
