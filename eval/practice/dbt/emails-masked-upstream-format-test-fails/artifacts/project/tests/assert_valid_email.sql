-- every contact we send to must have a deliverable address
select customer_id, email
from {{ ref('stg_customers') }}
where not regexp_matches(email, '^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$')
