"""The dashboard host's weekly mart compaction (stand-in): takes an exclusive lock on the
mart, prunes history past retention and rewrites it. On the night of the failure it ran
long (slow volume) and overlapped the mart refresh."""
import sqlite3, sys, time

path = "/tmp/h41-af/marts2/store_kpi.sqlite"
hold = float(sys.argv[1]) if len(sys.argv) > 1 else 90
con = sqlite3.connect(path, isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("compaction: exclusive lock taken on", path, flush=True)
n = con.execute("DELETE FROM store_kpis WHERE kpi_date < date('now', '-400 days')").rowcount
print("compaction: pruned", n, "rows past retention", flush=True)
time.sleep(hold)  # rewrite on the slow volume
con.execute("COMMIT")
print("compaction: lock released", flush=True)
