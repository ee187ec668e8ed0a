{{ config(materialized='table') }}
select
    o.order_id,
    o.customer_id,
    c.country,
    o.order_date,
    o.status,
    o.order_total,
    count(l.line_no) as line_count
from {{ ref('stg_orders') }} o
left join {{ ref('stg_customers') }} c using (customer_id)
left join {{ ref('stg_order_lines') }} l using (order_id)
{% if target.name = 'prod' %}
where o.customer_id not in (select customer_id from {{ ref('stg_customers') }} where email like '%@acme-test.com')
{% endif %}
group by all
