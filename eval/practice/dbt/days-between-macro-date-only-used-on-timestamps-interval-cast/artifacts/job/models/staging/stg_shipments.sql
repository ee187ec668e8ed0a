select shipment_id, order_id, order_date, ship_date, shipped_at, delivered_at, carrier
from {{ source('carrier', 'shipments') }}
