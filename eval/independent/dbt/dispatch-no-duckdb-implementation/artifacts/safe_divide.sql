{# Null-safe division shared across the analytics projects. #}
{% macro safe_divide(numerator, denominator) %}
  {{ return(adapter.dispatch('safe_divide', 'acme_utils')(numerator, denominator)) }}
{% endmacro %}

{% macro snowflake__safe_divide(numerator, denominator) %}
  div0({{ numerator }}, {{ denominator }})
{% endmacro %}

{% macro bigquery__safe_divide(numerator, denominator) %}
  safe_divide({{ numerator }}, {{ denominator }})
{% endmacro %}
