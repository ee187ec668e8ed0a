#!/bin/sh
exec /work/main/.venv/bin/spark-submit --master local[2] --conf spark.ui.enabled=false --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/pr20/ev --conf spark.pyspark.driver.python=/work/main/.venv/bin/python --conf spark.pyspark.python=/opt/conda/envs/etl-py311/bin/python3 score_returns_risk.py
