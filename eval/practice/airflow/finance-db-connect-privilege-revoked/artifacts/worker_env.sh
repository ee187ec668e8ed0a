export AIRFLOW_CONN_FINANCE_DW='{"conn_type": "postgres", "host": "127.0.0.1", "port": 5432, "login": "pr27_loader", "password": "ledger-load-2026", "schema": "pr27_finance"}'
