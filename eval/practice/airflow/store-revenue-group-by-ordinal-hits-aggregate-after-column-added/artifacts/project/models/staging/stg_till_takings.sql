select receipt_id, store_id, business_date,
       case when kind = 'refund' then -amount else amount end as amount, kind
from {{ source('raw', 'till_takings') }}
