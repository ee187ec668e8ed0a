-- the day's settlements must sum exactly to the processor's control total
select d.settlement_date, d.amount, c.control_total, d.amount - c.control_total as diff
from {{ ref('fct_settlements_daily') }} d
join {{ source('raw', 'raw_settlement_control') }} c on c.settlement_date = d.settlement_date
where d.amount <> c.control_total
