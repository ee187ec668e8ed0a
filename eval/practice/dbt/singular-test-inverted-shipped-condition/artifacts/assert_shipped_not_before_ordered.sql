-- an order cannot ship before it was placed: returns the offending orders
select order_id, ordered_at, shipped_at
from {{ ref('stg_orders') }}
where shipped_at is not null
  and shipped_at >= ordered_at
