#!/bin/sh
exec /work/main/.venv/bin/spark-submit --master local[2] --conf spark.ui.enabled=false --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr20/ev --py-files /opt/acme/jobs/deps/acme_transforms-1.4.zip normalise_vendor_skus.py
