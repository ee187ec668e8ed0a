#!/bin/sh
# submit wrapper for clicks_hourly_sessions.py; merchant reporting is in US Eastern time
exec /work/main/.venv/bin/spark-submit --master local[2] --conf spark.ui.enabled=false \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr21/ev \
  --conf "spark.sql.session.timeZone=America/New York" \
  /tmp/pr21/spark/jobs/clicks_hourly_sessions.py
