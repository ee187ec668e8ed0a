{% macro select_all_except(relation, excluded) %}
  {%- set cols = adapter.get_columns_in_relation(relation) -%}
  {%- for col in cols %}
    {%- if col.name not in excluded %}
    {{ col.name }}{% if not loop.last %},{% endif %}
    {%- endif %}
  {%- endfor %}
{% endmacro %}
