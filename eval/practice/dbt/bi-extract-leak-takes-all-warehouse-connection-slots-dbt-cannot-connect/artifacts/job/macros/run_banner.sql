{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c13 (port 28656), target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: WARN last night's run retried 1 model after a timeout (ok)", info=True) }}
  {% endif %}
{% endmacro %}
