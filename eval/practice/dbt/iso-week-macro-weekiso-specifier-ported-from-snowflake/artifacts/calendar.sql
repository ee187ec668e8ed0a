{% macro iso_year(col) -%}
    date_part('isoyear', {{ col }})
{%- endmacro %}

{#- ported from the Snowflake project (finance_dw/macros/calendar.sql) -#}
{% macro iso_week(col) -%}
    date_part('weekiso', {{ col }})
{%- endmacro %}
