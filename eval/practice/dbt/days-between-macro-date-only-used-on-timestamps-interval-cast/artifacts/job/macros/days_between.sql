{% macro days_between(start_col, end_col) -%}
    ({{ end_col }} - {{ start_col }})::integer
{%- endmacro %}
