select s.store_id, st.region, st.opened_on, s.sold_on, sum(s.net_amount) as net_sales, count(*) as sales
from {{ ref('stg_pos_sales') }} s
join {{ ref('stg_stores') }} st using (store_id)
group by all
