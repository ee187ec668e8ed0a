-- keep the latest version of each customer
-- 2026-12-05 refactor (PR #412): make the dedupe deterministic on ties
with ranked as (
    select *,
           row_number() over (partition by customer_id, updated_at order by updated_at desc) as rn
    from {{ ref('stg_customers') }}
)
select customer_id, name, segment, updated_at
from ranked
where rn = 1
