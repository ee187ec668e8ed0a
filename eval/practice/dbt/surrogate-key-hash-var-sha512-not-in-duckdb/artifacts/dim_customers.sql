select
    {{ surrogate_key(['source_system', 'contact_id']) }} as customer_sk,
    source_system,
    contact_id,
    email,
    country_code,
    created_at
from {{ ref('stg_contacts') }}
