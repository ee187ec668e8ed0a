# environment of the nightly dbt job (rendered from the job's secret on 2026-09-01)
export LEDGER_ENCRYPTION_KEY='ledger-key-2026Q3-4a81d0c3'
