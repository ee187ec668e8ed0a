{% macro log_run_context() %}
  {% do log("run context: previous run retried 1 model after a lock timeout, recovered", info=True) %}
  {% do log("run context: memory_limit default, 0 buffers evicted", info=True) %}
  select 1
{% endmacro %}
