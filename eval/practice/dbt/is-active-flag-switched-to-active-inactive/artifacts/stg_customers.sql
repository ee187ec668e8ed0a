{{ config(materialized="table") }}
select
    customer_id,
    trim(full_name) as full_name,
    lower(email) as email,
    cast(is_active as boolean) as is_active,
    cast(signed_up_at as timestamp) as signed_up_at
from {{ source('raw', 'raw_customers') }}
