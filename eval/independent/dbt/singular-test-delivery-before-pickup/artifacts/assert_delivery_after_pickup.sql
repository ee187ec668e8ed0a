-- a parcel cannot be delivered before it was picked up
select shipment_id, carrier, picked_up_at, delivered_at
from {{ ref('stg_shipments') }}
where delivered_at < picked_up_at
