select
    supplier_id,
    supplier_item_no,
    trim(gtin) as gtin,
    item_description,
    cast(pack_size as integer) as pack_size,
    cast(list_price as decimal(10, 2)) as list_price
from {{ source('pim', 'supplier_catalog') }}
