"""Stand-in for the BI tool's nightly extract: it opens the warehouse file read-write and
holds it for a long export, overlapping the dbt run window."""
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
con.execute("create table if not exists bi_extract_log as select now() as started")
print("[bi-extract] exporting dashboards ...", flush=True)
time.sleep(int(sys.argv[2]))
