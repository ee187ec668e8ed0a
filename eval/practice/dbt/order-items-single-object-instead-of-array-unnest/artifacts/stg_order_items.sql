with orders as (
    select * from read_json_auto('/tmp/h39-dbt-shop/landing/orders_{{ var("run_date", "2026-12-07") }}.jsonl')
)
select
    order_id,
    channel,
    placed_at,
    item.sku   as sku,
    item.qty   as qty,
    item.price as price
from orders, unnest(items) as u(item)
