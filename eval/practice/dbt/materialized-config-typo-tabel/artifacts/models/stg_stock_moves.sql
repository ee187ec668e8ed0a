select * from (values (1, 'SKU-1', 5), (1, 'SKU-1', -2), (2, 'SKU-9', 7)) as t(store_id, sku, qty)
