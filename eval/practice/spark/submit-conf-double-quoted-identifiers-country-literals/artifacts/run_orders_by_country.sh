#!/usr/bin/env bash
# Nightly wrapper for the DACH orders job.
# The --conf block below was copied from the warehouse-compat template (templates/spark-sql-compat.conf)
# when the job moved to the shared runner on 2026-12-05.
set -euo pipefail
BASE=/tmp/h47-spark/submit-conf-double-quoted-identifiers-country-literals
exec /work/wt-h47/.venv/bin/spark-submit --master 'local[2]' \
  --conf spark.eventLog.enabled=true \
  --conf spark.eventLog.dir="$BASE/eventlog" \
  --conf spark.sql.session.timeZone=UTC \
  --conf spark.sql.ansi.enabled=true \
  --conf spark.sql.ansi.doubleQuotedIdentifiers=true \
  --conf spark.sql.shuffle.partitions=8 \
  "$BASE/orders_by_country.py" \
  --input "$BASE/input/orders" \
  --output "$BASE/output/dach_orders_by_country"
