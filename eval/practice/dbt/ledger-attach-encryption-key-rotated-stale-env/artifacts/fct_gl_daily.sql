select entry_date, account, sum(debit) - sum(credit) as net
from ledger.gl.entries
group by all
