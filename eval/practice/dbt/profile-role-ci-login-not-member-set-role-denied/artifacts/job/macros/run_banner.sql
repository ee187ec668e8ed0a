{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: runner ci-pool-3 (new), target prod", info=True) }}
  {{ log("shop_dw nightly: credentials rotated 2026-12-07, runner login h52_ci_runner", info=True) }}
  {{ log("shop_dw nightly: WARN pg_hba reload pending on warehouse (DBA ticket OPS-2291)", info=True) }}
  {% endif %}
{% endmacro %}
