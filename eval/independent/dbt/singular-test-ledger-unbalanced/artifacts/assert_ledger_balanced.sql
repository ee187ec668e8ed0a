-- every posting day must balance: total debits equal total credits
select posted_on, debit_cents, credit_cents, debit_cents - credit_cents as imbalance_cents
from {{ ref('fct_ledger_daily') }}
where debit_cents <> credit_cents
