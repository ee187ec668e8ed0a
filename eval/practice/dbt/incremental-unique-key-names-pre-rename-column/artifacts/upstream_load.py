import duckdb, random, sys
random.seed(39)
day = sys.argv[1]
con = duckdb.connect("/tmp/h39-dbt-merch/merch.duckdb")
con.execute("create schema if not exists raw")
con.execute("create table if not exists raw.orders (order_id integer, customer_id integer, amount decimal(10,2), status varchar, updated_at timestamp)")
base = 1000 if day == "2026-12-06" else 1400
rows = [(base + i, random.randint(1, 300), round(random.uniform(5, 250), 2), random.choice(["paid", "shipped", "refunded"]), f"{day} {i % 24:02d}:15:00") for i in range(400)]
con.executemany("insert into raw.orders values (?, ?, ?, ?, ?)", rows)
print(f"[upstream] loaded {len(rows)} orders for {day} into raw.orders (0 rejected, retry=0)")
