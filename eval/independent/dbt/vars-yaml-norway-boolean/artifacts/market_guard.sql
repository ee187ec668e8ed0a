{% macro market_code() %}
  {% set market = var('market') %}
  {% if market not in ['DE', 'AT', 'NO', 'SE', 'DK'] %}
    {{ exceptions.raise_compiler_error("unknown market " ~ market ~ " (expected one of DE, AT, NO, SE, DK)") }}
  {% endif %}
  {{ return(market) }}
{% endmacro %}
