import duckdb, random, sys, datetime
# CRM nightly export of subscriptions. --day 1: numeric plan ids; --day 2: the CRM migration
# to the new billing catalogue (plan codes like 'PRO-12') went live upstream.
day = int(sys.argv[2])
random.seed(day)
con = duckdb.connect(sys.argv[1])
con.execute("create schema if not exists raw")
plans_num = [1, 2, 3, 12]
codes = {1: 'FREE-1', 2: 'STD-2', 3: 'TEAM-3', 12: 'PRO-12'}
ts = datetime.datetime(2026, 12, 5 + day, 2, 0)
if day == 1:
    con.execute("create or replace table raw.subscriptions (subscription_id integer, customer_id integer, plan_id integer, status varchar, updated_at timestamp)")
    rows = [(i, 7000 + i, random.choice(plans_num), 'active', ts - datetime.timedelta(hours=i % 40)) for i in range(1, 501)]
else:
    con.execute("create or replace table raw.subscriptions (subscription_id integer, customer_id integer, plan_id varchar, status varchar, updated_at timestamp)")
    rows = []
    for i in range(1, 521):
        p = random.choice(plans_num)
        changed = i % 9 == 0 or i > 500
        rows.append((i, 7000 + i, codes[p], random.choice(['active', 'paused']) if changed else 'active',
                     ts if changed else datetime.datetime(2026, 12, 6, 2) - datetime.timedelta(hours=i % 40)))
con.executemany("insert into raw.subscriptions values (?,?,?,?,?)", rows)
print(f"crm export day={day} loaded raw.subscriptions rows={len(rows)} (export retry=0, timeout=none)")
