select sku, price_date, cast(unit_price as decimal(10,2)) as unit_price, supplier_id
from {{ source('raw', 'supplier_prices') }}
