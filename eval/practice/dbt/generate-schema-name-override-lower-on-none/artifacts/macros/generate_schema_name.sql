{#- PR #412 "normalise schema names": DuckDB and the BI tool disagreed on case for
    the Marts schema, so every custom schema is now lower-cased and prefixed with
    the target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ target.schema }}_{{ custom_schema_name.lower() | trim }}
{%- endmacro %}
