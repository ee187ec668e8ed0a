select line_id, account_id, cast(amount as decimal(14,2)) as amount, posted_at
from {{ source('raw', 'ledger_lines') }}
