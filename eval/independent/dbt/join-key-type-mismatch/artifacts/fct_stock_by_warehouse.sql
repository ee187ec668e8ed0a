-- stock on hand in the western distribution centres, for the regional planning dashboard
select
    s.warehouse_id,
    count(*) as sku_count,
    sum(s.on_hand) as units_on_hand,
    sum(case when s.on_hand = 0 then 1 else 0 end) as out_of_stock_skus
from {{ ref('stg_stock_counts') }} s
where s.warehouse_id in (
    select w.warehouse_code
    from {{ ref('warehouses') }} w
    where w.region = 'west'
)
group by 1
