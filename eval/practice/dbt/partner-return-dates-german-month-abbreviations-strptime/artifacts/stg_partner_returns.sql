select
    return_id,
    order_ref,
    strptime(return_date, '%d-%b-%Y')::date  as return_date,
    cast(quantity as integer)                 as quantity,
    reason_code,
    source_file
from {{ source('partner_portal', 'returns_feed') }}
