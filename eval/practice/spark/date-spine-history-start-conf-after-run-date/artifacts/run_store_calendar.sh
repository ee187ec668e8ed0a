#!/usr/bin/env bash
# Rebuild of the store x day sales calendar (history restated from the start of 2025, ticket FIN-982).
set -euo pipefail
RUN_DATE="${1:-2026-12-06}"; shift || true
exec spark-submit --master "local[2]" \
  --conf spark.sql.session.timeZone=UTC \
  --conf spark.acme.spine.start=2027-01-01 \
  --conf spark.acme.input.root=/tmp/h50-spark/data/store_sales \
  --conf spark.acme.output.root=/tmp/h50-spark/out/store_calendar \
  "$@" store_calendar.py "$RUN_DATE"
