{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c10, target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: PR #437 'add payments to order facts' deployed", info=True) }}
  {{ log("shop_dw nightly: WARN psp payments feed retried 1x (HTTP 502 from psp, recovered)", info=True) }}
  {% endif %}
{% endmacro %}
