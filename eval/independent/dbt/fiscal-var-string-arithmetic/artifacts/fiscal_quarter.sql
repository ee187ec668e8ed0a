{% macro fiscal_quarter(date_col) %}
  {#- months are shifted so that the fiscal year starts in var('fiscal_year_start_month') -#}
  {%- set start = var('fiscal_year_start_month') -%}
  {%- set shift = 12 - start + 1 -%}
  {%- if shift == 12 -%}
    quarter({{ date_col }})
  {%- else -%}
    ((((month({{ date_col }}) + {{ shift }} - 1) % 12) // 3) + 1)
  {%- endif -%}
{% endmacro %}

{% macro fiscal_year(date_col) %}
  {%- set start = var('fiscal_year_start_month') -%}
  {%- if start == 1 -%}
    year({{ date_col }})
  {%- else -%}
    (year({{ date_col }}) + case when month({{ date_col }}) >= {{ start }} then 1 else 0 end)
  {%- endif -%}
{% endmacro %}
