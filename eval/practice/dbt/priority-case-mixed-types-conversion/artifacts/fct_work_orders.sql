-- priority_band: legacy dashboards want 'high' for P3+, the raw number otherwise
select
    work_order_id,
    line_id,
    opened_at,
    case
        when priority >= 3 then 'high'
        else priority
    end as priority_band
from {{ source('raw', 'work_orders') }}
