select
    l.leg_id,
    l.shipment_id,
    s.carrier,
    l.from_hub || '-' || l.to_hub as route,
    date_diff('minute', l.departed_at, l.arrived_at) as leg_minutes,
    date_diff('minute', l.departed_at, l.arrived_at) - r.avg_leg_minutes as minutes_vs_route_avg
from {{ ref('stg_shipment_legs') }} l
join {{ ref('stg_shipments') }} s using (shipment_id)
left join {{ ref('int_route_stats') }} r on r.route = l.from_hub || '-' || l.to_hub
