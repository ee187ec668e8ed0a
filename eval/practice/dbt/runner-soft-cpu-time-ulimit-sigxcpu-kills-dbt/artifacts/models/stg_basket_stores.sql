select range as store_id, 'store_' || range as store_code from range(1, 5001)
