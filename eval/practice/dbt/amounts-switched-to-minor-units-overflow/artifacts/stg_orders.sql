{{ config(materialized="table") }}
select order_id, customer_id, cast(amount as decimal(7, 2)) as amount_eur, order_date
from {{ source('raw', 'orders_export') }}
