select
    refund_id,
    order_id,
    cast(refund_date as date) as refund_date,
    cast(amount as decimal(12, 2)) as amount,
    upper(currency) as currency,
    reason
from {{ source('finance', 'refunds') }}
