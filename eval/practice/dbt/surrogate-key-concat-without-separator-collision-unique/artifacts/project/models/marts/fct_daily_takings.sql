select
    business_date,
    store_no,
    count(distinct receipt_key) as receipts,
    sum(total_amount) as takings
from {{ ref('stg_receipts') }}
group by 1, 2
