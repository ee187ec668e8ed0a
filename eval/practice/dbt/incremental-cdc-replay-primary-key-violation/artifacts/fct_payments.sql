{{ config(materialized='incremental', unique_key='payment_id', on_schema_change='fail') }}
select payment_id, order_id, amount, paid_on
from {{ source('raw', 'payments') }}
{% if is_incremental() %}
where paid_on > (select max(paid_on) from {{ this }})
{% endif %}
