select row_number() over (order by sku, valid_from) as price_row_id,
       sku, cast(unit_price as decimal(10,2)) as unit_price, currency,
       cast(valid_from as date) as valid_from, cast(valid_to as date) as valid_to
from {{ source('supplier', 'price_list') }}
