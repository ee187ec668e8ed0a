-- order lines expanded from the order header, sorted by line key for the downstream merge
select o.order_id, o.customer_id, o.order_ts, r.i as line_no,
       md5(o.order_id::varchar || '-' || r.i::varchar) || md5(r.i::varchar || '-' || o.order_id::varchar) as line_key
from {{ ref('stg_orders') }} o
cross join range(100) as r(i)
order by line_key
