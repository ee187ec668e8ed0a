-- order lines with their line totals in cents (finance reconciles these against the POS ledger)
select
    l.order_id,
    o.order_date,
    o.store_id,
    l.line_no,
    l.sku,
    l.quantity,
    l.unit_price_cents,
    l.quantity * l.unit_price_cents as line_total_cents
from {{ ref('stg_order_lines') }} l
join {{ ref('stg_orders') }} o using (order_id)
