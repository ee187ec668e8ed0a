with o as (select order_date as d, count(*) as orders from {{ ref('stg_orders') }} group by 1),
     s as (select session_date as d, count(*) as sessions from {{ ref('stg_sessions') }} group by 1)
select o.d as report_date, o.orders, coalesce(s.sessions, 0) as sessions,
       o.orders / nullif(coalesce(s.sessions, 0), 0) as conversion_rate
from o left join s on o.d = s.d
