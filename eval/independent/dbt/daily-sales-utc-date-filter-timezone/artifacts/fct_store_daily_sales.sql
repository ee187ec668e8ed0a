{{ config(materialized='table') }}
-- one row per store for the run day; sold_at is the POS timestamp (UTC, as the POS API sends it)
select store_id,
       date '{{ var("ds") }}' as business_date,
       count(*) as sales,
       sum(amount) as revenue
from {{ source('raw', 'pos_sales') }}
where cast(sold_at as date) = date '{{ var("ds") }}'
group by store_id
