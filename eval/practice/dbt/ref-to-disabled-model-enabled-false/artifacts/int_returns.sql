-- temporarily disabled while the returns feed is migrated (PR #812)
{{ config(enabled=false) }}
select return_id, order_id, refund_amount from {{ ref('stg_returns') }}
