select sale_id, store_id, cast(amount as decimal(12,2)) as amount, sold_on
from {{ source('raw', 'sales') }}
