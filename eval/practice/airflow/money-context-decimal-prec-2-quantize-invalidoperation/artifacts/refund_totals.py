import csv
import decimal
import logging
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from airflow.sdk import dag, task

log = logging.getLogger("acme.finance.refunds")
LANDING = Path("/tmp/h40-af/landing/refunds")
CENTS = Decimal("0.01")


def money_context():
    """Money maths: two decimals, half-up (refactored from the old float helper, 2026-12-05)."""
    ctx = decimal.getcontext()
    ctx.prec = 2
    ctx.rounding = ROUND_HALF_UP
    return ctx


@dag(dag_id="refund_totals", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": timedelta(seconds=5)}, tags=["finance", "h40"])
def refund_totals():
    @task
    def total_refunds():
        ctx = money_context()
        log.info("money context: prec=%s rounding=%s", ctx.prec, ctx.rounding)
        path = LANDING / "refunds_2026-12-06.csv"
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d refunds from %s (ledger api timeout=30s, retry budget 3)", len(rows), path.name)
        log.warning("2 refunds were killed/voided upstream and are excluded by the export")
        total = Decimal("0")
        for row in rows:
            total += Decimal(row["amount"])
        total = total.quantize(CENTS)
        log.info("refund total NOK %s", total)
        return str(total)

    total_refunds()


refund_totals()
