select
    date_trunc('month', invoice_date) as revenue_month,
    legal_entity,
    {%- for cur in var('report_currencies') %}
    sum(case when currency = '{{ cur }}' then amount else 0 end) as revenue_{{ cur | lower }}{{ "," if not loop.last }}
    {%- endfor %}
from {{ ref('stg_invoices') }}
group by 1, 2
