"""The clickstream producer's small-file compaction (runs on its own schedule): rewrites a partition's
part files into 2 files and deletes the originals, then the sites dimension job publishes _SUCCESS."""
import glob
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

part = sys.argv[1]
files = sorted(glob.glob(os.path.join(part, "part-*.parquet")))
table = pa.concat_tables([pq.read_table(f) for f in files])
half = table.num_rows // 2
pq.write_table(table.slice(0, half), os.path.join(part, "compacted-00000.parquet"))
pq.write_table(table.slice(half), os.path.join(part, "compacted-00001.parquet"))
for f in files:
    os.remove(f)
print(f"compaction: {len(files)} files -> 2 files ({table.num_rows} rows) in {part}", flush=True)
