select customer_id, name, country, signup_date
from read_csv('/tmp/pr22/data/landed/customers_2026-12-07.csv', header = true)
