"""Apply the day's balance adjustment files, one mapped task per file."""
import logging
import time
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.adjustments")


@dag(dag_id="ledger_adjustments", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, max_active_tasks=8, tags=["ledger"])
def ledger_adjustments():
    @task
    def list_adjustment_files():
        # each file lists (account_id, delta) in the order the branch system exported it
        files = [
            {"file": "adj_branch_north.csv", "rows": [(3, -25.00), (7, 40.00), (11, -5.50), (14, 12.00)]},
            {"file": "adj_branch_south.csv", "rows": [(14, 8.00), (11, -1.25), (7, -60.00), (3, 15.00)]},
        ]
        log.info("found %d adjustment files, error_count=0", len(files))
        return files

    @task
    def apply_adjustments(batch):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="ops_db")
        conn = hook.get_conn()
        log.info("applying %s (%d rows)", batch["file"], len(batch["rows"]))
        with conn.cursor() as cur:
            for account_id, delta in batch["rows"]:
                cur.execute(
                    "UPDATE account_balances SET balance = balance + %s, updated_at = now() WHERE account_id = %s",
                    (delta, account_id),
                )
                log.info("account %s adjusted by %s", account_id, delta)
                time.sleep(2)  # per-row audit call to the branch system
        conn.commit()
        log.info("%s applied", batch["file"])

    apply_adjustments.expand(batch=list_adjustment_files())


ledger_adjustments()
