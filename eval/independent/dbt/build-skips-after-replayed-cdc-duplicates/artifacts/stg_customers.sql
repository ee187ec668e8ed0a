select customer_id, email, country, created_at, _cdc_batch_id
from {{ source('raw', 'customers') }}
