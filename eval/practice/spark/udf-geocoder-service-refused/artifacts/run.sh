#!/bin/sh
exec /work/main/.venv/bin/spark-submit --master local[2] --conf spark.ui.enabled=false --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr20/ev geocode_new_stores.py
