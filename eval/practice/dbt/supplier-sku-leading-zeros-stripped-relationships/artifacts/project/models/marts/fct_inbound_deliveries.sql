select d.asn_no, d.supplier_id, d.sku, p.category, d.qty, d.expected_date
from {{ ref('stg_deliveries') }} d
left join {{ ref('dim_products') }} p using (sku)
