-- payments staging, new layout (finance-platform refactor)
select
    payment_id,
    txn_id,
    cast(amount as decimal(12, 2)) as amount_paid,
    0 as error_count
from {{ source('raw', 'payments') }}
