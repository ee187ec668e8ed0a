-- export for the partner portal: everything except the internal workflow status
select
    {{ select_all_except(ref('stg_orders'), ['status']) }},
    current_timestamp as exported_at
from {{ ref('stg_orders') }}
