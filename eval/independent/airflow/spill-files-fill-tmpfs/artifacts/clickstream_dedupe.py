"""Deduplicate the day's clickstream partitions with an external sort (spill to scratch)."""
import logging
import os
import random
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.clickstream.dedupe")
SCRATCH = "/tmp/ind15-scratch"


def spill_chunks(part, rows, chunk_rows=4000):
    paths = []
    for n in range(0, len(rows), chunk_rows):
        chunk = sorted(rows[n : n + chunk_rows])
        path = os.path.join(SCRATCH, f"part{part:02d}_chunk{n // chunk_rows:03d}.tmp")
        with open(path, "w") as f:
            f.writelines(f"{r}\n" for r in chunk)
        paths.append(path)
    return paths


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["clickstream"])
def clickstream_dedupe():
    @task(retries=0)
    def dedupe_partitions():
        log.info("scratch dir %s; stale lock files evicted: 0, zombie workers killed: 0", SCRATCH)
        rnd = random.Random(7)
        for part in range(1, 13):
            rows = [f"{rnd.randrange(10**9):010d},sess{rnd.randrange(10**6)},/p/{rnd.randrange(500)}" for _ in range(20000)]
            paths = spill_chunks(part, rows)
            unique = set()
            for p in paths:
                with open(p) as f:
                    unique.update(f)
            st = os.statvfs(SCRATCH)
            used = (st.f_blocks - st.f_bfree) * st.f_frsize
            log.info(
                "partition %02d: %d rows, %d unique, %d chunk files spilled; scratch holds %d files, %.1f MB used",
                part, len(rows), len(unique), len(paths), len(os.listdir(SCRATCH)), used / 1e6,
            )
        log.info("all partitions deduplicated")

    dedupe_partitions()


clickstream_dedupe()
