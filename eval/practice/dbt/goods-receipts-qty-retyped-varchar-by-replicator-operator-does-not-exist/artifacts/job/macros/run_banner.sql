{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c04, target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: dbt 1.11 upgrade rolled out to runner 2026-12-07 (deprecation warnings expected)", info=True) }}
  {{ log("shop_dw nightly: WARN previous run exceeded 20 min, consider raising threads", info=True) }}
  {% endif %}
{% endmacro %}
