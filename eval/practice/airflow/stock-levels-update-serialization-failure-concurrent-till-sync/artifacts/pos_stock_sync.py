"""Stand-in for the POS stock sync service: applies till sales to stock_levels every second (own session)."""
import random
import time

import psycopg2

conn = psycopg2.connect(host="127.0.0.1", dbname="h48_shop", user="h48_possync")
conn.autocommit = True
cur = conn.cursor()
rnd = random.Random(7)
while True:
    store = rnd.choice([101, 102, 103])
    skus = [f"SKU-{rnd.randrange(1, 41):04d}" for _ in range(5)]
    cur.execute("update stock_levels set on_hand = greatest(on_hand - 1, 0) where store_id = %s and sku = any(%s)",
                (store, skus))
    time.sleep(1)
