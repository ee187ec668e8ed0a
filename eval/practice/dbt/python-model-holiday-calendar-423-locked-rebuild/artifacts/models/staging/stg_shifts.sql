select
    shift_id,
    store_id,
    cast(shift_start as date) as shift_date,
    date_diff('minute', shift_start, shift_end) / 60.0 as hours
from {{ source('wfm', 'shifts') }}
