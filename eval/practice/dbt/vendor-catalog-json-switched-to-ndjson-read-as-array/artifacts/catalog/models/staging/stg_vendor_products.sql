-- the vendor delivers one JSON document per day: a top-level array of product objects
select
    sku,
    title,
    brand,
    cast(list_price as decimal(10, 2)) as list_price,
    cast(updated_at as timestamp) as updated_at
from read_json(
    '{{ var("landing_dir") }}/catalog/products_{{ var("run_date") }}.json',
    format = 'array',
    columns = {sku: 'VARCHAR', title: 'VARCHAR', brand: 'VARCHAR', list_price: 'DOUBLE', updated_at: 'VARCHAR'}
)
