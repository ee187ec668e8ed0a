select order_id, amount, order_date
from {{ ref('stg_orders') }}
where status in ({{ var('shipped_statuses') }})
