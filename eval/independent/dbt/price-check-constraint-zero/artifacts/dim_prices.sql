select
    sku_number,
    supplier,
    cast(unit_price as decimal(12, 2)) as unit_price,
    cast(valid_from as date) as valid_from
from {{ source('raw', 'supplier_prices') }}
