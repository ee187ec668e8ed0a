-- daily latency SLA per route; the SLA percentile is set per environment (SLA_PERCENTILE, a fraction)
select
    request_date,
    route,
    count(*) as requests,
    quantile_cont(latency_ms, {{ env_var('SLA_PERCENTILE', '0.95') }}) as latency_sla_ms,
    sum(case when status = 504 then 1 else 0 end) as gateway_timeouts
from {{ source('raw', 'api_requests') }}
group by request_date, route
