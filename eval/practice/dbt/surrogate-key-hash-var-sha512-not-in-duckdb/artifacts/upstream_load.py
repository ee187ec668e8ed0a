"""Upstream loader: CRM contacts from two source systems."""
import random, sys, datetime
import duckdb

db = sys.argv[1]
random.seed(5)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.crm_contacts (source_system varchar, contact_id varchar, email varchar, country_code varchar, created_at varchar)")
rows = []
for i in range(1500):
    rows.append((random.choice(["hubspot", "shopify"]), f"C{i:06d}", f" User{i}@Example.com ", random.choice(["DE", "AT", "NL", "FR"]),
                 (datetime.datetime(2025, 1, 1) + datetime.timedelta(hours=random.randint(0, 16000))).isoformat(sep=" ")))
con.executemany("insert into raw.crm_contacts values (?,?,?,?,?)", rows)
print(f"loaded {len(rows)} rows into raw.crm_contacts ({db})")
