# as set on the worker (the loader password was rotated on the server to a new value on 2026-12-06)
export AIRFLOW_CONN_WAREHOUSE='postgresql://loader:Wh-2026-Q4-old@127.0.0.1:54517/dwh'
