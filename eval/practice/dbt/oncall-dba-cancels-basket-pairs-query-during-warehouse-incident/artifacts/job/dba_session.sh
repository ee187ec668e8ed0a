#!/usr/bin/env bash
# On-call DBA, 2026-12-08 ~01:50 UTC: the warehouse data volume is saturated (I/O incident OPS-2307);
# to relieve it they cancel the longest-running query in the shop warehouse (psql as postgres).
for i in $(seq 1 240); do
  PID=$(psql -h 127.0.0.1 -U postgres -d postgres -Atc "select pid from pg_stat_activity
        where datname = 'h52_c11' and usename = 'h52_transformer' and state = 'active'
          and query ilike '%fct_basket_pairs%' and now() - query_start > interval '3 seconds'
        order by query_start limit 1")
  if [ -n "$PID" ]; then
    echo "$(date -u +%FT%TZ) longest query on h52_c11: pid $PID, cancelling"
    psql -h 127.0.0.1 -U postgres -d postgres -Atc "select pid, usename, now() - query_start as running_for, left(query, 80)
          from pg_stat_activity where pid = $PID"
    psql -h 127.0.0.1 -U postgres -d postgres -Atc "select pg_cancel_backend($PID)"
    exit 0
  fi
  sleep 0.5
done
echo "$(date -u +%FT%TZ) nothing long-running found"
