select date_trunc('month', invoice_date) as month,
       sum({{ var('revenue_column') }}) as revenue
from {{ source('raw', 'invoices') }}
group by 1
order by 1
