{#- last day of the calendar month of a date column (refactored 2026-11: no more last_day(), for portability) -#}
{% macro month_end(col) -%}
    (make_date(year({{ col }}), month({{ col }}) + 1, 1) - interval 1 day)::date
{%- endmacro %}
