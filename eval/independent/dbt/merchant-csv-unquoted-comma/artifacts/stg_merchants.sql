select merchant_id, merchant_name, country, mcc
from read_csv('/tmp/ind5/dbt/landing/merchants_20261206.csv', header = true,
              columns = {'merchant_id': 'INTEGER', 'merchant_name': 'VARCHAR', 'country': 'VARCHAR', 'mcc': 'VARCHAR'})
