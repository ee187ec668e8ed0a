-- Returns in the reporting window; start_date comes from --vars.
select
    return_id,
    order_id,
    return_date,
    refund_amount
from {{ ref('stg_returns') }}
where return_date >= {{ var('start_date') }}
