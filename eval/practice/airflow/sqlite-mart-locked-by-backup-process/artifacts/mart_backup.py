"""The dashboard host's backup job (stand-in): copies the mart while holding an
exclusive lock so the copy is consistent. On the night of the failure it ran long
(slow backup volume) and overlapped the mart refresh."""
import shutil, sqlite3, sys, time

path = "/tmp/h41-af/marts/store_kpi.sqlite"
hold = float(sys.argv[1]) if len(sys.argv) > 1 else 90
con = sqlite3.connect(path, isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("backup: exclusive lock taken on", path, flush=True)
shutil.copy(path, "/tmp/h41-af/marts/store_kpi.sqlite.bak")
time.sleep(hold)  # slow upload of the copy to the backup volume
con.execute("COMMIT")
print("backup: lock released", flush=True)
