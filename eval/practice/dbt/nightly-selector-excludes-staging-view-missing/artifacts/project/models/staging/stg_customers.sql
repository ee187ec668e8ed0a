select customer_id, lower(email) as email, created_at from {{ source('raw', 'customers') }}
