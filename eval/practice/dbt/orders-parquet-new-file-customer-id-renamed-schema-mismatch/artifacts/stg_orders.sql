-- all landed daily order files (one parquet file per day from the order service)
select
    order_id,
    customer_id,
    cast(amount as decimal(12,2)) as amount,
    order_ts,
    cast(order_ts as date) as order_date
from read_parquet('{{ var("landing_dir") }}/orders/*.parquet')
