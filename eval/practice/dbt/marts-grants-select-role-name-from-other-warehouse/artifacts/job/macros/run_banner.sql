{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c05, target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: BI access now managed by dbt grants (PR #412 merged 2026-12-07)", info=True) }}
  {{ log("shop_dw nightly: WARN statement_timeout on this warehouse is 0 (unlimited)", info=True) }}
  {% endif %}
{% endmacro %}
