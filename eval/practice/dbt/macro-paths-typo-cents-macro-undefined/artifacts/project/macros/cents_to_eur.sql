{% macro cents_to_eur(col, scale=2) -%}
  round({{ col }} / 100.0, {{ scale }})
{%- endmacro %}
