-- one row per app session; duration is reported by the app in seconds
select
    session_id,
    started_at,
    cast(started_at as date) as session_date,
    duration as duration_s,
    app_version
from {{ source('raw', 'app_sessions') }}
