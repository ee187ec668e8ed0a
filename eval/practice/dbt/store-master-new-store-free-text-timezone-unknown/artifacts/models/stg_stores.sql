select cast(store_id as integer) as store_id, store_name, country, timezone
from read_csv('landing/store_master.csv', header = true)
