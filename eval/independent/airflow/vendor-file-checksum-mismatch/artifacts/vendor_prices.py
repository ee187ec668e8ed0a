import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

VALIDATE = r"""
set -u
LANDING=/tmp/ind2/af/landing
F=vendor_prices_{{ ds_nodash }}.csv.gz
echo "validating vendor delivery $F (attempt 1, previous timeout-free runs: 31)"
ls -l "$LANDING/$F" "$LANDING/$F.sha256"
expected=$(cut -d' ' -f1 "$LANDING/$F.sha256")
actual=$(sha256sum "$LANDING/$F" | cut -d' ' -f1)
echo "expected sha256=$expected"
echo "actual   sha256=$actual"
if [ "$expected" != "$actual" ]; then
  echo "ERROR: checksum mismatch for $F: delivered file does not match vendor manifest" >&2
  gzip -t "$LANDING/$F" 2>&1 | sed 's/^/gzip: /' >&2
  exit 1
fi
echo "checksum ok"
"""

with DAG("vendor_prices_ingest", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False):
    BashOperator(task_id="validate_vendor_delivery", bash_command=VALIDATE)
