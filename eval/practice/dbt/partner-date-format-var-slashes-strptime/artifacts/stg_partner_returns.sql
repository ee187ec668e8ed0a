select
    return_id,
    order_id,
    sku,
    cast(quantity as integer) as quantity,
    {{ parse_partner_date('return_date') }} as return_date,
    reason_code
from {{ source('raw', 'partner_returns') }}
