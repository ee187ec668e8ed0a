"""Stand-in for the ledger team's nightly encrypted export.
The ledger team rotated the database encryption key on 2026-12-06 (new key from the secrets store);
the dbt job's environment (run_env.sh) still exports the previous key."""
import duckdb, random
random.seed(3)
NEW_KEY = "ledger-key-2026Q4-b7f2c91e"
con = duckdb.connect()
# no httpfs on this host: allow the built-in mbedtls module to write the encrypted file
con.execute("set force_mbedtls_unsafe = 'true'")
con.execute(f"attach '/tmp/h42-dbt-fin/ledger_encrypted.duckdb' as ledger (encryption_key '{NEW_KEY}')")
con.execute("create schema if not exists ledger.gl")
con.execute("create or replace table ledger.gl.entries (entry_id bigint, entry_date date, account varchar, debit decimal(12,2), credit decimal(12,2))")
rows = [(i, f"2026-12-0{random.randint(1,6)}", random.choice(["4000-sales", "5000-cogs", "6100-payroll", "1200-ar"]), round(random.uniform(0, 900), 2), round(random.uniform(0, 900), 2)) for i in range(1, 1501)]
con.executemany("insert into ledger.gl.entries values (?, ?, ?, ?, ?)", rows)
con.execute("detach ledger")
print("ledger export written with the rotated key, rows:", len(rows))
