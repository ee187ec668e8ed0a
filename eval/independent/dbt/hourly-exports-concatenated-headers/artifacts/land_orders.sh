#!/bin/bash
# upstream: assemble the day's landed orders from the hourly exports
set -e
src=/tmp/ind16/dbt/hourly; dst=$1; mkdir -p "$dst"
cat $src/orders_2026-12-06T*.csv > "$dst/orders.csv"
echo "landed $(wc -l < $dst/orders.csv) lines into $dst/orders.csv"
