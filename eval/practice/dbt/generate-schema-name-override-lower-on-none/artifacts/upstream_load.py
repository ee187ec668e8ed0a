"""'Upstream' loader: lands the billing system's invoices into raw.invoices."""
import duckdb

con = duckdb.connect("/tmp/h49-dbt/finance/finance.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.invoices as
  select 'INV-' || lpad(i::varchar, 6, '0') as invoice_id,
         1000 + i % 420 as customer_id,
         timestamp '2026-09-01 08:00:00' + to_minutes((i * 37)::bigint) as issued_at,
         round(20 + (i % 97) * 3.15, 2) as net_amount,
         (['PAID','OPEN','PAID','VOID'])[1 + i % 4] as status
  from range(5000) t(i)""")
print("raw.invoices rows:", con.execute("select count(*) from raw.invoices").fetchone()[0])
con.close()
