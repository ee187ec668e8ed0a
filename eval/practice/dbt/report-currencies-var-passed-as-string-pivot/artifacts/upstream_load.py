"""Upstream loader: invoices from the ERP export."""
import random, sys, datetime
import duckdb

db = sys.argv[1]
random.seed(3)
con = duckdb.connect(db)
con.execute("create schema if not exists raw")
con.execute("create or replace table raw.invoices (invoice_id varchar, legal_entity varchar, currency varchar, amount varchar, invoiced_at varchar)")
rows = []
for i in range(3000):
    d = datetime.date(2026, 9, 1) + datetime.timedelta(days=random.randint(0, 96))
    rows.append((f"INV-{i:06d}", random.choice(["ACME-DE", "ACME-UK", "ACME-US"]), random.choice(["EUR", "USD", "GBP", "eur"]),
                 f"{random.uniform(20, 4000):.2f}", d.isoformat()))
con.executemany("insert into raw.invoices values (?,?,?,?,?)", rows)
print(f"loaded {len(rows)} rows into raw.invoices ({db})")
