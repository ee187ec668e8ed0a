select
    sku,
    item_name,
    unit_weight::double as unit_weight_kg,
    error_count::integer as error_count
from {{ source('raw', 'items') }}
