{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c08, target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: PR #433 'latest address per customer' deployed 2026-12-07 18:02", info=True) }}
  {{ log("shop_dw nightly: WARN crm replica restarted 2026-12-07 22:10, loader retried 2x (ok)", info=True) }}
  {% endif %}
{% endmacro %}
