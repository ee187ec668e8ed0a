select
    order_id,
    customer_id,
    cast(order_date as date) as order_date,
    status,
    amount
from read_csv('/tmp/pr35-dbt-orders/landing/orders_2026-12-06.csv',
              header = true,
              columns = {'order_id': 'INTEGER', 'customer_id': 'INTEGER', 'order_date': 'VARCHAR', 'status': 'VARCHAR', 'amount': 'DECIMAL(10,2)'})
