#!/bin/bash
# nightly wrapper for the store rollup (called by the scheduler)
RUN_DATE=${1:-2026-12-06}
JOB_DIR=$(cd "$(dirname "$0")" && pwd)
echo "$(date -u +%FT%TZ) INFO run_nightly: store_rollup run_date=$RUN_DATE"
echo "$(date -u +%FT%TZ) INFO run_nightly: stale lock /tmp/store_rollup.lock evicted (zombie pid 4411 not running)"
echo "$(date -u +%FT%TZ) INFO run_nightly: input $(ls /tmp/pr26/spark/landing/store_sales/dt=$RUN_DATE | wc -l) file(s), $(du -sh /tmp/pr26/spark/landing/store_sales/dt=$RUN_DATE | cut -f1)"
echo "$(date -u +%FT%TZ) INFO run_nightly: spark-submit --properties-file $JOB_DIR/conf/spark-defaults.conf"
exec spark-submit --master 'local[2]' --properties-file "$JOB_DIR/conf/spark-defaults.conf" "$JOB_DIR/store_rollup.py" "$RUN_DATE"
