select *
from read_csv('{{ var("landing_dir") }}/orders.csv', header = true,
    columns = {'order_id': 'BIGINT', 'customer_id': 'BIGINT', 'order_ts': 'TIMESTAMP',
               'amount': 'DECIMAL(12,2)', 'status': 'VARCHAR'})
