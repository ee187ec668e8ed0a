-- refactor 2026-12-05: store orders added to the channel union
select order_id, ordered_at, channel from raw.web_orders
union all
select * from raw.store_orders
