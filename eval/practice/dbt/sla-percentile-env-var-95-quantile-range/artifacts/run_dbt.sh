#!/bin/sh
# prod job environment of the ops project (orchestrator job "ops_dbt_prod")
export SLA_PERCENTILE=95
cd "$(dirname "$0")"
exec /work/main/.venv-dbt/bin/dbt run --project-dir . --profiles-dir .
