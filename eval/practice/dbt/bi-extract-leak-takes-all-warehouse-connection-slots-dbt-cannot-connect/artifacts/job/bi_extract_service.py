# Stand-in for the BI tool's extract service: its pool opens a connection per dashboard refresh
# and (bug in the BI release of 2026-12-07) never returns them while the refresh queue drains.
import sys, time
import psycopg2

conns = []
for i in range(17):
    c = psycopg2.connect(host="127.0.0.1", port=28656, dbname="h52_c13", user="h52_bi_dash",
                         application_name=f"bi-extract-{i}")
    c.cursor().execute("select count(*) from raw.orders")
    conns.append(c)
    print(f"bi-extract: refresh {i + 1}/17 connected", flush=True)
print("bi-extract: holding pool", flush=True)
time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 90)
