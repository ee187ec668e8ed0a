select customer_id, email, country from {{ ref('stg_customers') }}
