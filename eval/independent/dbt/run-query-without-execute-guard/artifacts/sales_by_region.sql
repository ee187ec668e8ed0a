{% set region_query %}
select distinct region from {{ ref('stg_sales') }} order by 1
{% endset %}
{% set regions = run_query(region_query).columns[0].values() %}

select
    sale_date,
    {%- for region in regions %}
    sum(case when region = '{{ region }}' then amount else 0 end) as {{ region }}_revenue{{ "," if not loop.last }}
    {%- endfor %}
from {{ ref('stg_sales') }}
group by sale_date
