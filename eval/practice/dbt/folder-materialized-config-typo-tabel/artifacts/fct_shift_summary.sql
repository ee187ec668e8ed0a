select line_id, shift_date, count(*) as shifts, sum(hours) as hours
from {{ source('raw', 'shifts') }}
group by 1, 2
