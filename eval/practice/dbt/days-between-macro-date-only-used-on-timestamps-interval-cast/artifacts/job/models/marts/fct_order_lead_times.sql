select
    order_id,
    carrier,
    {{ days_between('order_date', 'ship_date') }} as days_to_ship
from {{ ref('stg_shipments') }}
