import logging
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)

with DAG("inventory_rollup", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["inventory"]):
    @task
    def rollup_inventory(ds=None):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="warehouse_pg_ok")
        conn = hook.get_conn()
        cur = conn.cursor()
        cur.execute("set application_name = 'ind4_inventory_rollup'")
        log.info("Connected to warehouse; stale snapshot rows evicted by vacuum: 1204")
        for step in ("stock_levels", "reservations"):
            cur.execute("select pg_sleep(1)")
            log.info("Step %s done, error_count=0", step)
        log.info("Running rollup aggregate for %s (usually ~40s)", ds)
        cur.execute("select pg_sleep(40), 'rollup'")
        log.info("Rollup finished: %s", cur.fetchone())
        conn.commit()

    rollup_inventory()
