import duckdb, sys
version = sys.argv[1]
con = duckdb.connect("/tmp/h39-dbt-crm/crm.duckdb")
con.execute("create schema if not exists raw")
con.execute("drop table if exists raw.crm_accounts")
if version == "v1":
    con.execute("""create table raw.crm_accounts as select i as account_id, 'Acct ' || i as account_name,
        case when i % 3 = 0 then 'enterprise' when i % 3 = 1 then 'team' else 'starter' end as plan_tier,
        (i % 40) + 1 as seats, timestamp '2026-12-06 02:00:00' as exported_at from range(1, 501) t(i)""")
else:
    # CRM export v2.4 (vendor release 2026-12-06): plan_tier now delivered as subscription_plan
    con.execute("""create table raw.crm_accounts as select i as account_id, 'Acct ' || i as account_name,
        case when i % 3 = 0 then 'enterprise' when i % 3 = 1 then 'team' else 'starter' end as subscription_plan,
        (i % 40) + 2 as seats, timestamp '2026-12-07 02:00:00' as exported_at from range(1, 506) t(i)""")
cols = [r[0] for r in con.execute("describe raw.crm_accounts").fetchall()]
n = con.execute("select count(*) from raw.crm_accounts").fetchone()[0]
print(f"[crm-export] export {version} replaced raw.crm_accounts: {n} rows, columns={cols} (schema check skipped: timeout budget 0s)")
