select
    customer_id,
    trim(email) as email,
    country,
    strptime(signup_date, '%Y-%m-%d')::date as signup_date
from {{ source('raw', 'customers') }}
