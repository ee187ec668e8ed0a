select return_date, reason_code, count(*) as returns, sum(quantity) as units
from {{ ref('stg_partner_returns') }}
group by 1, 2
