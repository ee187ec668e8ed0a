import duckdb, random, datetime
random.seed(7)
con = duckdb.connect("/tmp/pr25/dbt/dedupe-partition-by-updated-at-refactor-unique-fails/warehouse.duckdb")
con.execute("create or replace table raw_customers(customer_id int, name varchar, segment varchar, updated_at timestamp)")
rows = []
for cid in range(1, 501):
    for v in range(random.randint(1, 3)):
        rows.append((cid, f"customer {cid}", random.choice(["smb", "mid", "ent"]), datetime.datetime(2026, 11, 1) + datetime.timedelta(days=v * 7, hours=cid % 24)))
con.executemany("insert into raw_customers values (?,?,?,?)", rows)
print(f"upstream: loaded raw_customers rows={len(rows)} (CDC versions, one row per change)")
