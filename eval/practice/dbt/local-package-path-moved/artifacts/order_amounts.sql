select order_id, {{ acme_utils.cents_to_amount('amount * 100') }} as amount_checked
from {{ ref('stg_orders') }}
