select refund_id, order_id, amount, refunded_at, reason as refund_reason
from {{ source('raw', 'refunds') }}
