{{ config(
    pre_hook="delete from {{ this }} where settlement_date >= current_date - interval 3 day"
) }}

select
    p.settled_on as settlement_date,
    t.merchant_id,
    count(*) as payments,
    sum(p.amount) as settled_amount
from {{ ref('stg_payments') }} p
join {{ ref('stg_transactions') }} t using (txn_id)
group by all
