select settlement_date, count(*) as settlements, sum(amount) as amount
from {{ ref('stg_settlements') }} group by 1
