{{ config(materialized='table') }}
select
    date_trunc(order_date, 'week') as order_week,
    count(*) as orders,
    sum(amount) as revenue
from {{ source('raw', 'orders') }}
group by 1
