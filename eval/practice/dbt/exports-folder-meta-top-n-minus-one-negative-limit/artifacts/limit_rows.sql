{% macro limit_rows(n) -%}
    {%- if n is not none -%} limit {{ n }} {%- endif -%}
{%- endmacro %}
