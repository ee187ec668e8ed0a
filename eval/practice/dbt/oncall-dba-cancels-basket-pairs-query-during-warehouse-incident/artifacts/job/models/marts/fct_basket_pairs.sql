-- SKU pairs bought together, for the recommendations team
select
    a.sku as sku_a,
    b.sku as sku_b,
    count(distinct a.order_id) as baskets,
    sum(a.quantity + b.quantity) as units
from {{ ref('stg_order_lines') }} a
join {{ ref('stg_order_lines') }} b
  on b.order_id = a.order_id
 and b.sku > a.sku
group by 1, 2
