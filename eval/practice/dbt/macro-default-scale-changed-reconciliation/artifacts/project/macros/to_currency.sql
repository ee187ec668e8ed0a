{# Converts a minor-unit integer amount to currency units.
   2026-12-04 refactor (PR #4101): default scale is now 1 - the new PSP feed sends major units;
   callers with cent amounts pass scale explicitly. #}
{% macro to_currency(column, scale=1) -%}
    round({{ column }} / {{ scale }}, 2)
{%- endmacro %}
