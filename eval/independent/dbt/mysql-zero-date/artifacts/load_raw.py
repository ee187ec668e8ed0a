"""Upstream loader stand-in: lands the CRM extract (MySQL dump) into raw.* in the DuckDB file."""
import random, sys
import duckdb
random.seed(81)
zero_dates = "--zero-dates" in sys.argv
con = duckdb.connect("/tmp/ind8/dbt/crm.duckdb")
con.execute("create schema if not exists raw")
for t in ("accounts", "subscriptions", "invoices", "legacy_accounts"):
    con.execute(f"drop table if exists raw.{t}")
con.execute("create table raw.accounts(account_id integer, account_name varchar, country varchar, opened_on varchar, closed_on varchar, error_count integer)")
rows = []
for i in range(1, 801):
    closed = None
    if i % 9 == 0:
        closed = f"2026-{random.randint(1,11):02d}-{random.randint(1,28):02d}"
    if zero_dates and i in (212, 488, 731):
        closed = "0000-00-00"
    rows.append((i, f"Account {i}", random.choice(["BR", "DE", "US", "PT"]), f"20{random.randint(18,25)}-{random.randint(1,12):02d}-{random.randint(1,28):02d}", closed, 0))
con.executemany("insert into raw.accounts values (?,?,?,?,?,?)", rows)
con.execute("create table raw.subscriptions(subscription_id integer, account_id integer, plan varchar, started_at varchar, mrr_cents integer)")
subs = [(j, random.randint(1, 800), random.choice(["basic", "pro", "enterprise"]), f"2026-{random.randint(1,11):02d}-{random.randint(1,28):02d} 10:00:00", random.randint(900, 90000)) for j in range(1, 2401)]
con.executemany("insert into raw.subscriptions values (?,?,?,?,?)", subs)
con.execute("create table raw.invoices(invoice_id integer, account_id integer, amount_cents bigint, issued_on date)")
con.executemany("insert into raw.invoices values (?,?,?,?)", [(k, random.randint(1, 800), random.randint(900, 900000), f"2026-11-{random.randint(1,30):02d}") for k in range(1, 3001)])
con.execute("create table raw.legacy_accounts(legacy_id integer, account_id integer, migrated_mrr_cents integer)")
con.executemany("insert into raw.legacy_accounts values (?,?,?)", [(m, m, random.randint(0, 50000)) for m in range(1, 121)])
con.close()
print("loaded raw.accounts (%d rows), zero_dates=%s" % (len(rows), zero_dates))
