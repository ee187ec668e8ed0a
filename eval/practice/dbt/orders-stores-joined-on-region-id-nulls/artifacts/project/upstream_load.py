import duckdb, random
random.seed(1)
con = duckdb.connect("/tmp/pr18/dbt/orders-stores-joined-on-region-id-nulls/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.stores as select i as store_id, 'Store ' || i as store_name, 100 + (i % 5) as region_id from range(1, 41) t(i)")
con.execute("create or replace table raw.orders (order_id int, order_date date, store_id int, region_id int, amount decimal(10,2))")
rows = []
for i in range(1, 3001):
    s = random.randint(1, 40)
    rows.append((500000 + i, '2026-12-06', s, 100 + (s % 5), round(random.uniform(3, 250), 2)))
con.executemany("insert into raw.orders values (?, ?, ?, ?, ?)", rows)
print("upstream: loaded raw.stores=40 raw.orders=%d" % len(rows))
