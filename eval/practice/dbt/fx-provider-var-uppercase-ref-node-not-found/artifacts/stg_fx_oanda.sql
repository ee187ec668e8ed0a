select rate_date, currency, units_per_eur, 'oanda' as fx_provider from {{ source('raw', 'fx_oanda') }}
