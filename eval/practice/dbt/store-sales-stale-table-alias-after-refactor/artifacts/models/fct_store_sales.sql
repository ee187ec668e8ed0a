-- Daily revenue per store and region.
-- Refactor (PR #97): readability pass, the sales relation is now aliased "sales" instead of "s".
select
    s.store_id,
    st.region,
    s.sold_on,
    sum(s.amount) as revenue,
    count(*) as sales_count
from {{ ref('stg_sales') }} as sales
join {{ ref('stg_stores') }} as st
    on st.store_id = sales.store_id
group by s.store_id, st.region, s.sold_on
