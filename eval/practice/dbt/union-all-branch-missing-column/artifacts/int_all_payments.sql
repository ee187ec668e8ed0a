-- all money movements per order; refunds as negative amounts
-- 2026-12-06: expose refund_reason for the CX dashboard (PR #77)
select payment_id as movement_id, order_id, amount, paid_at as moved_at, 'card' as kind
from {{ ref('stg_card_payments') }}
union all
select refund_id as movement_id, order_id, -amount as amount, refunded_at as moved_at, 'refund' as kind,
       refund_reason
from {{ ref('stg_refunds') }}
