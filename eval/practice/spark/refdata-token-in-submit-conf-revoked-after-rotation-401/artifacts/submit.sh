#!/bin/bash
# nightly submit of the store region enrichment (token set by the deploy on 2026-09-01)
spark-submit --master 'local[2]' \
  --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/h42-events \
  --conf spark.acme.refdata.url=http://127.0.0.1:28401/v1/stores \
  --conf spark.acme.refdata.token=rd_live_2026Q3_51ab20 \
  store_region_enrichment.py
