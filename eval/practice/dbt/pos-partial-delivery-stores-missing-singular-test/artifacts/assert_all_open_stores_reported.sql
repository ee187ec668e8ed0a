-- every open store must have delivered its POS file for the run date
select s.store_id, s.store_name
from {{ source('pos_raw', 'stores') }} s
left join (
    select distinct store_id from {{ ref('stg_pos_sales') }}
    where sale_date = date '{{ var("run_date") }}'
) r on r.store_id = s.store_id
where s.is_open and r.store_id is null
