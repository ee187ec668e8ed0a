select basket_id, store_id, sku, cast(qty as integer) as qty, cast(line_amount as decimal(10, 2)) as line_amount
from read_csv('landing/basket_lines_{{ var("business_date") }}.csv', header = true)
