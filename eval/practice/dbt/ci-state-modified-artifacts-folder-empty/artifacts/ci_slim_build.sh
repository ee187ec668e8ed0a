#!/usr/bin/env bash
# CI job "dbt-slim-ci" for pull requests: build only what the PR changed, compared
# with the production manifest published by the nightly prod run.
set -uo pipefail
cd "$(dirname "$0")"
STATE_DIR=ci-artifacts/prod
PROD_ARTIFACTS=${PROD_ARTIFACTS:-/tmp/h49-dbt/prod-artifacts/dbt/catalog}   # publish location of the nightly run
mkdir -p "$STATE_DIR"
echo "[ci] fetching production manifest from $PROD_ARTIFACTS"
cp "$PROD_ARTIFACTS"/manifest.json "$STATE_DIR"/ 2>/dev/null || echo "[ci] warning: no manifest at $PROD_ARTIFACTS, continuing"
ls -la "$STATE_DIR"
exec "${DBT:-dbt}" build --profiles-dir . --select state:modified+ --state "$STATE_DIR"
