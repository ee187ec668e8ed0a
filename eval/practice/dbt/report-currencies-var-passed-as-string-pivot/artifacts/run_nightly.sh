#!/usr/bin/env bash
# Nightly finance build, called by the scheduler with the legal entity's currency list.
# REPORT_CURRENCIES comes from the scheduler's job definition (changed 2026-12-05 for the EU entity).
set -euo pipefail
REPORT_CURRENCIES="${REPORT_CURRENCIES:-EUR,USD,GBP}"
cd "$(dirname "$0")"
dbt run --profiles-dir . --vars "{\"report_currencies\": \"${REPORT_CURRENCIES}\"}"
