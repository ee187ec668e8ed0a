select s.shipment_id, s.carrier, s.service, s.zone, s.shipped_at, s.delivered_at,
       s.shipped_at + c.promised_transit                       as promised_by,
       s.delivered_at <= s.shipped_at + c.promised_transit     as on_time
from {{ ref('stg_shipments') }} s
left join {{ ref('stg_carrier_slas') }} c using (carrier, service, zone)
