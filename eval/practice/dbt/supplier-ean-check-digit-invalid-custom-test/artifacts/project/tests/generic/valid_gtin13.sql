{% test valid_gtin13(model, column_name) %}
{#- GS1 check digit: weights 1,3,1,3... over the first 12 digits; check = (10 - sum % 10) % 10 -#}
with codes as (
    select {{ column_name }} as code from {{ model }} where {{ column_name }} is not null
)
select code
from codes
where not regexp_full_match(code, '[0-9]{13}')
   or (10 - (
        {%- for i in range(1, 13) %}
        cast(substr(code, {{ i }}, 1) as integer) * {{ 3 if i % 2 == 0 else 1 }}{{ " +" if not loop.last }}
        {%- endfor %}
      ) % 10) % 10 <> cast(substr(code, 13, 1) as integer)
{% endtest %}
