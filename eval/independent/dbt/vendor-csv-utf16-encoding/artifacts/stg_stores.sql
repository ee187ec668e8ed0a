select store_id, store_name, city from read_csv('landing/stores.csv', header = true)
