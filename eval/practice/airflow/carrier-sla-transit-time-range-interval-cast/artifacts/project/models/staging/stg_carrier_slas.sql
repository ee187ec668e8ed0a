-- One row per carrier/service/zone with the promised transit time as an interval.
select
    upper(carrier)                     as carrier,
    lower(service)                     as service,
    zone,
    cast(transit_time as interval)     as promised_transit,
    cast(cutoff_local as time)         as cutoff_local,
    updated_by
from {{ source('raw', 'carrier_slas') }}
