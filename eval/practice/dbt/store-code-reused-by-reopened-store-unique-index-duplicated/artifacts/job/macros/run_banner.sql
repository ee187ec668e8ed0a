{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c03, target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: store master sync from store-ops (62 rows), 0 rejected", info=True) }}
  {{ log("shop_dw nightly: index maintenance job last night retried after lock wait (ok)", info=True) }}
  {% endif %}
{% endmacro %}
