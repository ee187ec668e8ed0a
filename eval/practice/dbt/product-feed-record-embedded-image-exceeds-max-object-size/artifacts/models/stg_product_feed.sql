select
    sku,
    title,
    brand,
    category_path,
    cast(price as decimal(10, 2)) as price,
    in_stock
from read_json_auto('landing/product_feed_{{ var("feed_date") }}.jsonl', format = 'newline_delimited')
