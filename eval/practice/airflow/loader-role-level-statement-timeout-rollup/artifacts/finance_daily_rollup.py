"""Nightly ledger rollup into finance.daily_rollup."""
import logging
from datetime import datetime, timedelta

import psycopg
from airflow.sdk import BaseHook, dag, task

log = logging.getLogger("finance.rollup")


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(seconds=5)}, tags=["finance"])
def finance_daily_rollup():
    @task
    def rollup_ledger(ds=None):
        c = BaseHook.get_connection("pr34_finance_pg")
        log.info("connecting to %s:%s/%s as %s (connect_timeout=10)", c.host, c.port, c.schema, c.login)
        with psycopg.connect(host=c.host, port=c.port, dbname=c.schema, user=c.login,
                             connect_timeout=10) as conn:
            with conn.cursor() as cur:
                cur.execute("select count(*) from ledger")
                log.info("ledger rows: %s", cur.fetchone()[0])
                log.info("running rollup (usual duration ~1-2s)")
                cur.execute("""
                    select account_id % 500 as bucket, count(distinct md5(memo)) as memos,
                           sum(amount) as total
                    from ledger group by 1 order by 1
                """)
                rows = cur.fetchall()
                log.info("rollup produced %d buckets", len(rows))
        return len(rows)

    rollup_ledger()


finance_daily_rollup()
