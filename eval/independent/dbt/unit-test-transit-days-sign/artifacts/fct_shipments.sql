select
    shipment_id,
    carrier,
    picked_up_at,
    delivered_at,
    datediff('day', delivered_at, picked_up_at) as transit_days,
    weight_kg
from {{ ref('stg_shipments') }}
