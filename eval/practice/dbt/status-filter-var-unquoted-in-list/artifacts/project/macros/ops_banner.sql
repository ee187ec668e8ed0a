{% macro ops_banner() %}
  {% do log("acme_shop run starting: cache entries evicted=4, stale locks killed=0, upstream retried=1 (ok)", info=True) %}
  {% do log("warehouse timeout budget 900s; error_count=0 from previous run", info=True) %}
{% endmacro %}
