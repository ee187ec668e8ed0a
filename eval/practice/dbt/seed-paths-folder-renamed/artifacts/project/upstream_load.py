import duckdb, random
random.seed(5)
con = duckdb.connect("/tmp/pr18/dbt/seed-paths-folder-renamed/warehouse.duckdb")
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.customers (customer_id int, email varchar, country_code varchar)")
rows = [(i, f"user{i}@example.com", random.choice(['DE', 'FR', 'NL', 'AT', 'PL'])) for i in range(1, 1501)]
con.executemany("insert into raw.customers values (?, ?, ?)", rows)
print("upstream: loaded raw.customers=%d" % len(rows))
