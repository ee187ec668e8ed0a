#!/usr/bin/env bash
# Nightly finance marts build on the ephemeral runner (clean checkout each night, so deps are installed each run).
set -euo pipefail
# packages come through the company's internal hub mirror (no direct internet from runners)
export DBT_PACKAGE_HUB_URL="http://127.0.0.1:28502/"
DBT=${DBT:-dbt}
echo "[runner] $(date -u +%FT%TZ) job=finance_marts_nightly hub=${DBT_PACKAGE_HUB_URL}"
$DBT deps
$DBT build --profiles-dir . --target prod
