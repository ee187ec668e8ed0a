select
    date_trunc('month', issued_on) as revenue_month,
    count(*)                       as invoices,
    sum(net_amount_eur)            as net_revenue_eur
from {{ ref('stg_invoices') }}
where status = 'paid'
group by 1
