{% test no_overlapping_periods(model, partition_by, valid_from, valid_to) %}
-- every key must have at most one price valid on any day: [valid_from, valid_to)
select a.{{ partition_by }}, a.{{ valid_from }} as a_from, a.{{ valid_to }} as a_to,
       b.{{ valid_from }} as b_from, b.{{ valid_to }} as b_to
from {{ model }} a
join {{ model }} b
  on a.{{ partition_by }} = b.{{ partition_by }}
 and a.price_row_id < b.price_row_id
 and a.{{ valid_from }} < coalesce(b.{{ valid_to }}, date '9999-12-31')
 and b.{{ valid_from }} < coalesce(a.{{ valid_to }}, date '9999-12-31')
{% endtest %}
