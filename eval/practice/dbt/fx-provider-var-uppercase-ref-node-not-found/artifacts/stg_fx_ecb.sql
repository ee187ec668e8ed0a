select rate_date, currency, units_per_eur, 'ecb' as fx_provider from {{ source('raw', 'fx_ecb') }}
