select
    asn_no,
    supplier_id,
    trim(sku) as sku,
    cast(qty as integer) as qty,
    cast(expected_date as date) as expected_date
from {{ source('erp', 'supplier_deliveries') }}
