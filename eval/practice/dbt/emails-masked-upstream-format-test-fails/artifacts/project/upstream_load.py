import duckdb, random
random.seed(3)
con = duckdb.connect("/tmp/pr25/dbt/emails-masked-upstream-format-test-fails/warehouse.duckdb")
con.execute("create or replace table raw_customers(customer_id int, email varchar, country varchar, exported_at timestamp)")
rows = []
for cid in range(1, 801):
    # CRM export v5.2 (rolled out 2026-12-06) applies its 'privacy' masking profile by default
    if cid > 240:
        email = random.choice(["***@***", "***", "j***@***.com"])
    else:
        email = f"user{cid}@example{cid % 7}.com"
    rows.append((cid, email, random.choice(["DE", "FR", "NL"]), "2026-12-06 23:10:00"))
con.executemany("insert into raw_customers values (?,?,?,?)", rows)
print(f"upstream: crm export loaded raw_customers rows={len(rows)} export_version=5.2")
