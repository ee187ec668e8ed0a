-- carrier ETA contract: eta is 'YYYY-MM-DD HH:MM:SS'
select
    shipment_id,
    carrier,
    cast(shipped_at as timestamp) as shipped_at,
    cast(eta as timestamp) as eta,
    date_diff('hour', cast(shipped_at as timestamp), cast(eta as timestamp)) as promised_hours
from raw.shipments
