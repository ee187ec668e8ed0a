#!/bin/sh
exec /work/main/.venv/bin/spark-submit --master local[2] --conf spark.ui.enabled=false --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr20/ev --conf spark.serializer=org.apache.spark.serializer.KryoSerializer --conf spark.kryoserializer.buffer=32k --conf spark.kryoserializer.buffer.max=128k export_customer_profiles.py
