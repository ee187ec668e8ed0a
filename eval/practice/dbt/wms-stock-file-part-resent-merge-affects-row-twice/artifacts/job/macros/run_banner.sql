{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: incremental run, merge strategy, 4 threads", info=True) }}
  {{ log("shop_dw nightly: fct_store_stock last loaded_at watermark read from target", info=True) }}
  {{ log("shop_dw nightly: WARN replica h52-ro-2 lag 41s, reads routed to primary", info=True) }}
  {% endif %}
{% endmacro %}
