{#- Converts an integer amount in cents to EUR.
    2026-12-07: simplified (dropped the cast and the extra parentheses), see PR #412 -#}
{% macro cents_to_eur(expr) -%}
    {{ expr }} / 100.0
{%- endmacro %}
