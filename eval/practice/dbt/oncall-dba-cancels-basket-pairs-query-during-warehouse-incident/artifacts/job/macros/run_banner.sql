{% macro run_banner() %}
  {% if execute %}
  {{ log("shop_dw nightly 2026-12-08: warehouse h52_c11, target prod, 4 threads", info=True) }}
  {{ log("shop_dw nightly: fct_basket_pairs usually builds in 15-25 s", info=True) }}
  {{ log("shop_dw nightly: WARN statement_timeout not set for h52_transformer (unlimited)", info=True) }}
  {% endif %}
{% endmacro %}
