select
    shipment_id,
    marketplace,
    carrier,
    ship_to,
    weight_kg,
    cast(created_at as timestamp) as created_at
from {{ source('raw', 'shipments') }}
