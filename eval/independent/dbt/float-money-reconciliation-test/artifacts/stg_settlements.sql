select settlement_id, settlement_date, cast(amount as double) as amount from {{ source('raw', 'raw_settlements') }}
