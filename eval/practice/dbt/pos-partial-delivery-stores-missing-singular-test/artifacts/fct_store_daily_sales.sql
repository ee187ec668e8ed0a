select s.store_id, s.store_name, p.sale_date, count(*) as transactions, sum(p.net_amount) as net_sales
from {{ source('pos_raw', 'stores') }} s
join {{ ref('stg_pos_sales') }} p on p.store_id = s.store_id
group by all
