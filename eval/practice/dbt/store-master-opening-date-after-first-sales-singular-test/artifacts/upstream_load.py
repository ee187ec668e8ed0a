"""Stand-in for the nightly loads of the store master and POS sales."""
import random
import sys

import duckdb

random.seed(21)
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.store_master (store_id varchar, store_name varchar, region varchar, opened_on date)")
stores = [(f"S{100 + i}", f"Store {100 + i}", ["north", "south", "east", "west"][i % 4], f"20{10 + i % 12}-0{1 + i % 9}-01") for i in range(20)]
stores = [s if s[0] != "S117" else (s[0], s[1], s[2], "2027-03-01") for s in stores]
con.executemany("insert into raw.store_master values (?, ?, ?, ?)", stores)
print("store master: 20 stores loaded, 1 store updated since last export (S117: opened_on changed)")
con.execute("create or replace table raw.pos_sales (sale_id bigint, store_id varchar, sold_on date, net_amount decimal(10,2))")
rows = [(700000 + i, f"S{100 + i % 20}", f"2026-12-{1 + i % 7:02d}", round(random.uniform(2, 70), 2)) for i in range(1400)]
con.executemany("insert into raw.pos_sales values (?, ?, ?, ?)", rows)
print(f"pos loader: {len(rows)} sales loaded; cache memory 120 MiB, 0 pages evicted")
