{# moved here from money.sql as part of the finance macros clean-up (PR #977) #}
{% macro cents_to_currency(column_name, scale=2) -%}
    cast({{ column_name }} as decimal(18, {{ scale }})) / 100
{%- endmacro %}
