#!/usr/bin/env bash
# Nightly shop_dw build on the h52_c13 warehouse: DBA set-up, upstream load, then dbt build.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
export DBT_PROFILES_DIR="$HERE"
PSQL="psql -h 127.0.0.1 -p 28656 -U postgres -v ON_ERROR_STOP=1"
DBT=/tmp/h52-venv/bin/dbt

# the warehouse: PostgreSQL 15, max_connections=20, superuser_reserved_connections=3
PGDATA=/tmp/h52-pg/data
su postgres -c "pg_ctl -D $PGDATA -l /tmp/h52-pg/server.log -w -o '-p 28656 -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp/h52-pg -c max_connections=20 -c superuser_reserved_connections=3' start" > warehouse_start.log 2>&1
$PSQL -d postgres -q -f warehouse_setup.sql > warehouse_setup.log 2>&1 || { cat warehouse_setup.log; exit 3; }
$PSQL -d h52_c13 -f upstream_load.sql > upstream_load.log 2>&1 || { cat upstream_load.log; exit 3; }
# (not part of the job) the BI extract service, refreshing dashboards at the same time
/tmp/h52-venv/bin/python bi_extract_service.py 60 > bi_extract_service.log 2>&1 &
BI=$!
sleep 4
$DBT build --target prod 2>&1 | tee console.log
$PSQL -d postgres -Atc "select usename, state, count(*) from pg_stat_activity where datname = 'h52_c13' group by 1, 2" > pg_stat_activity_after.log 2>&1
kill $BI
su postgres -c "pg_ctl -D $PGDATA -w stop" >> warehouse_start.log 2>&1

