select
    store_id,
    counted_at::timestamptz as counted_at,
    visitors
from {{ source('raw', 'footfall') }}
