select sale_id, currency, amount, sale_date from {{ source('raw', 'sales') }}
