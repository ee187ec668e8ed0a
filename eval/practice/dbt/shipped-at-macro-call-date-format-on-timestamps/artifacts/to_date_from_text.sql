{# Parse a text column with an explicit strptime format and keep the calendar date. #}
{% macro to_date_from_text(column_name, fmt) -%}
    strptime({{ column_name }}, '{{ fmt }}')::date
{%- endmacro %}
