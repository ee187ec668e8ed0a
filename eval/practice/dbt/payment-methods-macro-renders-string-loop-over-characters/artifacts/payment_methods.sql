{#- The payment methods we report on, one column each in fct_order_payments.
    2026-12-07: moved here from fct_order_payments so the finance marts can share it. -#}
{% macro payment_methods() -%}
    {{ ['card', 'paypal', 'klarna', 'voucher'] }}
{%- endmacro %}
