select
    posted_on,
    sum(case when direction = 'debit' then amount_cents else 0 end)  as debit_cents,
    sum(case when direction = 'credit' then amount_cents else 0 end) as credit_cents,
    count(*) as lines
from {{ ref('stg_ledger_lines') }}
group by posted_on
