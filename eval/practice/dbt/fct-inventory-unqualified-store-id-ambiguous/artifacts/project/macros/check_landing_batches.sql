{% macro check_landing_batches(feeds) %}
  {% if execute %}
    {% set q %}
      select feed, status, rows_loaded, rows_expected, finished_at
      from raw.etl_batches
      where batch_date = '{{ var("run_date") }}'
      order by feed
    {% endset %}
    {% set res = run_query(q) %}
    {% for row in res.rows %}
      {{ log("landing batch " ~ row['feed'] ~ " " ~ var('run_date') ~ ": status=" ~ row['status'] ~ " rows=" ~ row['rows_loaded'] ~ "/" ~ row['rows_expected'] ~ " finished_at=" ~ row['finished_at'], info=True) }}
      {% if row['status'] != 'COMPLETE' %}
        {{ exceptions.raise_compiler_error("landing batch '" ~ row['feed'] ~ "' for " ~ var('run_date') ~ " is not complete: status=" ~ row['status'] ~ ", rows_loaded=" ~ row['rows_loaded'] ~ " of " ~ row['rows_expected'] ~ "; refusing to build on a partial load") }}
      {% endif %}
    {% endfor %}
  {% endif %}
{% endmacro %}
