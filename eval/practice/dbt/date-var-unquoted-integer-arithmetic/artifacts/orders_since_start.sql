{{ config(materialized='table') }}
-- orders in the reporting window; start_date comes from dbt_project.yml vars or --vars
select order_id, order_date, amount
from {{ source('raw', 'orders') }}
where order_date >= {{ var('start_date') }}
