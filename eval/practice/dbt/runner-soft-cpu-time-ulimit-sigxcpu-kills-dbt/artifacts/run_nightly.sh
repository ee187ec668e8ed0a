#!/usr/bin/env bash
# Batch-host job runner for the nightly basket analytics build.
# Resource limits come from the host's job class (see /etc/acme/job-classes/small.env);
# the basket project was moved to class "small" in the 2026-12 cost review.
set -u
JOB_CLASS=${JOB_CLASS:-small}
DBT_JOB_CPU_SECONDS=${DBT_JOB_CPU_SECONDS:-15}
DBT_JOB_MEM_KB=${DBT_JOB_MEM_KB:-unlimited}
cd "$(dirname "$0")"
echo "[runner] $(date -u +%FT%TZ) job=basket_nightly class=${JOB_CLASS} cpu_seconds=${DBT_JOB_CPU_SECONDS} mem_kb=${DBT_JOB_MEM_KB}"
echo "[runner] previous run: rc=0, retries=0, 1 zombie lock file killed by janitor (ok)"
ulimit -S -t "${DBT_JOB_CPU_SECONDS}"
ulimit -c 0
/work/main/.venv-dbt/bin/dbt run --profiles-dir . --target prod
rc=$?
echo "[runner] $(date -u +%FT%TZ) dbt finished with exit code ${rc}"
exit ${rc}
