-- fct_revenue must match the finance ledger within 1 EUR per day
select r.revenue_date, r.revenue_eur, l.revenue_eur as ledger_eur
from {{ ref('fct_revenue') }} r
join {{ source('raw', 'ledger_daily') }} l on l.ledger_date = r.revenue_date
where abs(r.revenue_eur - l.revenue_eur) > 1
