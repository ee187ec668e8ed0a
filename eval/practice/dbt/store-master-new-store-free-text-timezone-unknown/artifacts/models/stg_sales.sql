select cast(receipt_id as bigint) as receipt_id, cast(store_id as integer) as store_id,
       cast(sold_at as timestamptz) as sold_at, cast(amount as decimal(10, 2)) as amount
from read_csv('landing/sales_{{ var("business_date") }}.csv', header = true)
