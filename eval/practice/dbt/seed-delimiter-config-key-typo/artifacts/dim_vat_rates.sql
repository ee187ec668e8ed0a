select upper(country_code) as country_code, vat_rate, cast(valid_from as date) as valid_from
from {{ ref('vat_rates') }}
