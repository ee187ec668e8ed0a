-- Full breadcrumb path per category (e.g. "Home > Kitchen > Knives").
-- 2026-12-05: rewritten from the fixed 3-level self-join to walk any depth.
with category_tree as (
    select
        category_id,
        category_name,
        category_name as category_path,
        1 as depth
    from {{ ref('stg_categories') }}
    where parent_category_id is null

    union all

    select
        c.category_id,
        c.category_name,
        t.category_path || ' > ' || c.category_name as category_path,
        t.depth + 1 as depth
    from {{ ref('stg_categories') }} as c
    join category_tree as t
        on c.parent_category_id = t.category_id
)
select category_id, category_name, category_path, depth
from category_tree
