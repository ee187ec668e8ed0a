select
    supplier_id,
    received_at::date as received_on,
    count(*) as messages,
    sum(length(body_text)) as body_chars,
    count(*) filter (where body_text ilike '%palette%' or body_text ilike '%pallet%') as pallet_notices
from {{ ref('stg_supplier_messages') }}
group by 1, 2
