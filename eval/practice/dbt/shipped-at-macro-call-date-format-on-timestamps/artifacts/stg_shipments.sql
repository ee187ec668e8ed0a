-- 2026-12-04: switched to the shared to_date_from_text macro (was cast(shipped_at as timestamp)::date)
select
    shipment_id,
    order_id,
    carrier,
    {{ to_date_from_text('shipped_at', '%Y-%m-%d') }} as ship_date,
    {{ to_date_from_text('delivered_at', '%Y-%m-%d') }} as delivery_date,
    weight_grams
from {{ source('raw', 'carrier_shipments') }}
