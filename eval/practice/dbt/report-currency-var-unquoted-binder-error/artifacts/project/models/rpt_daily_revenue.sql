-- daily revenue in the reporting currency
select sale_date, sum(amount) as revenue, count(*) as sales
from {{ ref('stg_sales') }}
where currency = {{ var('report_currency') }}
group by sale_date
