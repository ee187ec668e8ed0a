select shipment_id, upper(carrier) as carrier, lower(service) as service, zone,
       cast(shipped_at as timestamp) as shipped_at, cast(delivered_at as timestamp) as delivered_at
from {{ source('raw', 'shipments') }}
