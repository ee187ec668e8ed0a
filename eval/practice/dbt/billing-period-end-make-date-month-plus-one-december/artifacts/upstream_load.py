"""'Upstream' loader: lands billing-system subscription charges into raw.subscription_charges."""
import duckdb
con = duckdb.connect("/tmp/h46-dbt/subscriptions/subscriptions.duckdb")
con.execute("create schema if not exists raw")
con.execute("""create or replace table raw.subscription_charges as
  select 'S' || lpad((i % 3000)::varchar, 5, '0') as subscription_id,
         (['basic','plus','pro'])[1 + i % 3] as plan_code,
         date '2026-06-01' + (i % 189)::int as charge_date,
         round(4.99 + (i % 3) * 5, 2)::decimal(10,2) as amount_eur
  from range(12000) t(i)""")
for m, n in con.execute("select strftime(charge_date, '%Y-%m'), count(*) from raw.subscription_charges group by 1 order by 1").fetchall():
    print(f"raw.subscription_charges month={m} rows={n}")
print("nulls in charge_date:", con.execute("select count(*) from raw.subscription_charges where charge_date is null").fetchone()[0])
con.close()
