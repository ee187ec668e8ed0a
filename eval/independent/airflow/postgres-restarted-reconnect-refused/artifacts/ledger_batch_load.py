"""Load the day's ledger postings into the ledger database in batches."""
import logging
import time

import pendulum
import psycopg2
from airflow.sdk import dag, task

log = logging.getLogger("acme.ledger")
DSN = "host=127.0.0.1 port=55433 dbname=ledger user=postgres connect_timeout=5"
BATCHES = 40


def connect():
    conn = psycopg2.connect(DSN)
    conn.autocommit = False
    return conn


@dag(schedule=None, start_date=pendulum.datetime(2026, 11, 1, tz="UTC"), catchup=False, tags=["ledger"])
def ledger_batch_load():
    @task
    def load_postings():
        conn = connect()
        with conn.cursor() as cur:
            cur.execute("create table if not exists postings (batch int, n int, amount_cents bigint)")
        conn.commit()
        log.info("connected to ledger db; stale staging rows evicted: 0; error_count=0")
        batch = 0
        while batch < BATCHES:
            try:
                with conn.cursor() as cur:
                    cur.execute(
                        "insert into postings select %s, g, g * 100 from generate_series(1, 5000) g; select pg_sleep(1)",
                        (batch,),
                    )
                conn.commit()
                if batch % 5 == 0:
                    log.info("batch %d/%d committed", batch + 1, BATCHES)
                batch += 1
            except psycopg2.OperationalError as exc:
                log.warning("batch %d failed: %s", batch + 1, str(exc).strip())
                for attempt in range(1, 4):
                    time.sleep(5)
                    try:
                        log.info("reconnecting to ledger db (attempt %d/3)", attempt)
                        conn = connect()
                        break
                    except psycopg2.OperationalError as exc2:
                        log.warning("reconnect attempt %d/3 failed: %s", attempt, str(exc2).strip())
                        if attempt == 3:
                            raise
        log.info("all %d batches committed", BATCHES)

    load_postings()


ledger_batch_load()
