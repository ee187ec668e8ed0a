{{ config(materialized='external', location='/mnt/finance_exports/daily_revenue/daily_revenue.parquet', format='parquet') }}
-- handed to the finance BI share (NFS volume mounted at /mnt/finance_exports on the runner)
select * from {{ ref('fct_daily_revenue') }}
