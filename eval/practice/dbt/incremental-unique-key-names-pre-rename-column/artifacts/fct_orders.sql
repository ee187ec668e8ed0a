{{ config(materialized='incremental', unique_key='order_id', incremental_strategy='delete+insert') }}

-- 2026-12-05 refactor: align with the semantic layer naming (order_id -> order_key, amount -> gross_amount)
select
    order_id      as order_key,
    customer_id   as customer_key,
    amount        as gross_amount,
    status,
    updated_at
from {{ source('raw', 'orders') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
