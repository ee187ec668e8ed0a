#!/bin/sh
# spark-defaults for the returns stream, as deployed: archive dir set to a subfolder of the landing dir
/work/main/.venv/bin/spark-submit --master local[2] \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/h39-events \
  --conf spark.acme.returns.sourceDir=/tmp/h39-stream/landing/returns \
  --conf spark.acme.returns.archiveDir=/tmp/h39-stream/landing/returns/archive \
  returns_stream_ingest.py
