select
    rate_date,
    upper(currency)                     as currency,
    cast(rate_to_eur as decimal(18, 8)) as rate_to_eur,
    1 / cast(rate_to_eur as double)     as units_per_eur
from {{ source('fx_provider', 'daily_rates') }}
