select store_id, cast(sale_date as date) as sale_date, till_id, cast(net_amount as decimal(12,2)) as net_amount
from {{ source('pos_raw', 'pos_sales') }}
