import duckdb, random, sys
random.seed(7)
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.products (product_id integer, sku varchar, category varchar, list_price double, is_discontinued boolean)")
cats = ['Garden', 'Kitchen ', 'toys', 'Outdoor']
rows = [(i, f"SKU-{10000+i}", random.choice(cats), round(random.uniform(3, 250), 2), i % 17 == 0) for i in range(1, 1201)]
con.executemany("insert into raw.products values (?,?,?,?,?)", rows)
print(f"loaded raw.products rows={len(rows)} (retry_count=0, timeout_s=30)")
