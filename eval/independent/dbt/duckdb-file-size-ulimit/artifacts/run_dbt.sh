#!/bin/bash
# acme worker wrapper for dbt jobs (sandbox template v3)
ulimit -f 4096
ulimit -n 1024
echo "acme-runner: job=fulfil_nightly host=$(hostname) limits: fsize=$(ulimit -f) blocks nofile=$(ulimit -n) nproc=$(ulimit -u)"
cd "$(dirname "$0")"
exec /work/main/.venv-dbt/bin/dbt run --profiles-dir . --target prod "$@"
