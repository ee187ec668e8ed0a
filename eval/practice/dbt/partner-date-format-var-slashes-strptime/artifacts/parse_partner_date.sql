{% macro parse_partner_date(column_name) -%}
    strptime({{ column_name }}, '{{ var("partner_date_format") }}')::date
{%- endmacro %}
