-- receipt_key: surrogate key for joins from payments and receipt lines
select
    md5(store_no || till_no || receipt_no || business_date) as receipt_key,
    store_no,
    till_no,
    receipt_no,
    cast(business_date as date) as business_date,
    cast(total_amount as decimal(12, 2)) as total_amount,
    payment_type
from {{ source('pos', 'receipts') }}
