{% macro payment_method_columns(amount_col='amount') %}
  {#- one summed column per payment method seen in staging -#}
  {%- if execute -%}
    {%- set rows = run_query("select distinct payment_method from " ~ ref('stg_payments') ~ " order by 1") -%}
    {%- set methods = rows.columns[0].values() -%}
  {%- else -%}
    {%- set methods = [] -%}
  {%- endif -%}
  {%- for m in methods %}
    sum(case when payment_method = '{{ m }}' then {{ amount_col }} else 0 end) as {{ adapter.quote(m ~ '_amount') }}{{ "," if not loop.last }}
  {%- endfor %}
{% endmacro %}
