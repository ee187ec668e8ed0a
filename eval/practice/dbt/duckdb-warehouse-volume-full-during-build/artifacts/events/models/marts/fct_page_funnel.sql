-- one row per event and funnel step it can still reach (36 steps), with a stable hash for the BI extract
select
    e.event_id,
    e.session_id,
    s.step,
    e.page,
    md5(e.event_id::varchar || '-' || s.step::varchar || '-' || e.page) as funnel_key,
    md5(e.session_id || s.step::varchar) as session_step_key,
    e.event_ts
from {{ ref('stg_web_events') }} as e
cross join range(1, 37) as s(step)
