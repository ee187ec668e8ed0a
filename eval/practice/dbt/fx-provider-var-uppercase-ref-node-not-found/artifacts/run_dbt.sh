#!/bin/sh
# prod deployment of the finance project (orchestrator job "finance_dbt_prod")
cd "$(dirname "$0")"
exec /work/main/.venv-dbt/bin/dbt run --project-dir . --profiles-dir . --vars '{fx_provider: ECB}'
