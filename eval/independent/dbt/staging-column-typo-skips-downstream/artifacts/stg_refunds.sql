select refund_id, order_id, refund_amnt as refund_amount, reason, refunded_at
from {{ source('raw', 'refunds') }}
