-- export for the partner portal: everything except the internal workflow status
select
    {{ select_all_except(ref('stg_orders'), ['status']) }}
from {{ ref('stg_orders') }}
