select
    merchant_id,
    merchant_name,
    contact_email,
    country,
    onboarded_on
from {{ ref('stg_merchants') }}
