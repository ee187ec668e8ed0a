{% set methods = payment_methods() %}
select
    order_id,
    {% for m in methods -%}
    sum(case when payment_method = '{{ m }}' then amount else 0 end) as {{ m }}_amount,
    {% endfor -%}
    sum(amount) as total_amount
from {{ ref('stg_order_payments') }}
group by order_id
