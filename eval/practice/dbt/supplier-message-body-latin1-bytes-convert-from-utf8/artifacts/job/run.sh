#!/usr/bin/env bash
# Nightly shop_dw build on the h52_c01 warehouse: DBA set-up, upstream load, then dbt build.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
export DBT_PROFILES_DIR="$HERE"
PSQL="psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1"
DBT=/tmp/h52-venv/bin/dbt
$PSQL -d postgres -q -f warehouse_setup.sql > warehouse_setup.log 2>&1 || { cat warehouse_setup.log; exit 3; }
$PSQL -d h52_c01 -f upstream_load.sql > upstream_load.log 2>&1 || { cat upstream_load.log; exit 3; }
$DBT build --target prod 2>&1 | tee console.log

