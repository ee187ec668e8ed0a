select
    account_id,
    account_name,
    country,
    cast(opened_on as date) as opened_on,
    cast(closed_on as date) as closed_on,
    error_count
from {{ source('raw', 'accounts') }}
