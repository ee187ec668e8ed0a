"""Upstream CDC loader: appends the payments changed on the batch day to raw.payments."""
import duckdb, sys
con = duckdb.connect(sys.argv[1])
day = sys.argv[2]
# the CDC connector re-delivers events after a connector restart (at-least-once)
con.execute(f"""insert into raw.payments select i as payment_id, (i%1200)+1, round(10 + (i*37 % 5000)/100.0,2)::decimal(10,2), date '{day}' from range(1001,1301) t(i)""")
con.execute(f"""insert into raw.payments select i as payment_id, (i%1200)+1, round(10 + (i*37 % 5000)/100.0,2)::decimal(10,2), date '{day}' from range(1187,1193) t(i)""")
n = con.sql(f"select count(*), count(distinct payment_id) from raw.payments where paid_on = date '{day}'").fetchall()[0]
print(f"INFO cdc_loader: paid_on={day} rows_appended={n[0]} connector_restarts=1 offsets_replayed=6")
