-- new in Friday's release (PR #388): stock moves as an incremental fact, loaded in daily slices
{{ config(materialized='incremental', unique_key='move_id') }}

select
    m.move_id,
    m.sku,
    m.warehouse_id,
    case when m.move_type = 'OUT' then -m.qty else m.qty end as signed_qty,
    m.moved_at
from {{ ref('stg_stock_moves') }} as m
where m.moved_at > (select coalesce(max(moved_at), timestamp '1900-01-01') from {{ this }})
