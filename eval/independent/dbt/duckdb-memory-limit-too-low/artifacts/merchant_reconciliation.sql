select
    merchant_id,
    txn_date,
    count(*) as txn_count,
    sum(error_count) as error_count,
    string_agg('TX' || lpad(cast(txn_id as varchar), 12, '0') || ':' || currency || ':' || cast(amount as varchar), ',') as txn_refs
from {{ ref('stg_transactions') }}
group by merchant_id, txn_date
