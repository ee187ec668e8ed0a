-- staffing model input: sales per store and local opening hour
select
    s.store_id,
    st.store_name,
    hour(timezone(st.timezone, s.sold_at)) as local_hour,
    count(*) as receipts,
    sum(s.amount) as amount
from {{ ref('stg_sales') }} s
join {{ ref('stg_stores') }} st using (store_id)
group by 1, 2, 3
