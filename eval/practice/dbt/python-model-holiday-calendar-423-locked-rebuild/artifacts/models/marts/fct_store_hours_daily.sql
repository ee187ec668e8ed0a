select
    s.store_id,
    s.shift_date,
    sum(s.hours)                   as staffed_hours,
    bool_or(h.holiday_date is not null) as is_public_holiday
from {{ ref('stg_shifts') }} s
left join {{ ref('int_public_holidays') }} h
  on h.holiday_date = s.shift_date
group by 1, 2
