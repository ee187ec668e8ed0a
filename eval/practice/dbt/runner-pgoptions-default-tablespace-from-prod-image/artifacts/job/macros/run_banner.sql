{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: runner image shop-dbt-runner:2026.12.2 (rebased on prod image)", info=True) }}
  {{ log("shop_dw nightly: WARN disk usage on warehouse data volume 71%", info=True) }}
  {% endif %}
{% endmacro %}
