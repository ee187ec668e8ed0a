-- a store cannot sell before it opened
select store_id, sold_on, opened_on, net_sales
from {{ ref('fct_store_daily_sales') }}
where sold_on < opened_on
