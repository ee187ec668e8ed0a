{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c09, target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: new model fct_delivery_sla (PR #440) first nightly run", info=True) }}
  {{ log("shop_dw nightly: WARN carrier feed 2026-12-07 arrived 47 min late (within SLA)", info=True) }}
  {% endif %}
{% endmacro %}
