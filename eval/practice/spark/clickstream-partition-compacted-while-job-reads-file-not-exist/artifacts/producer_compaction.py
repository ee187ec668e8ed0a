"""The clickstream producer's small-file compaction (runs on its own schedule): rewrites a partition's
part files into 2 files and deletes the originals (written with duckdb)."""
import glob
import os
import sys

import duckdb

part = sys.argv[1]
files = sorted(glob.glob(os.path.join(part, "part-*.parquet")))
con = duckdb.connect()
con.execute(f"create table t as select * from read_parquet({files!r})")
n = con.execute("select count(*) from t").fetchone()[0]
half = n // 2
con.execute(f"copy (select * from t order by event_id limit {half}) to '{part}/compacted-00000.parquet' (format parquet)")
con.execute(f"copy (select * from t order by event_id offset {half}) to '{part}/compacted-00001.parquet' (format parquet)")
for f in files:
    os.remove(f)
print(f"compaction: {len(files)} files -> 2 files ({n} rows) in {part}", flush=True)
