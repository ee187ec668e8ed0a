export AIRFLOW_CONN_CRM_WAREHOUSE='postgresql://etl_loader:Tr0ub#4dor@x@127.0.0.1:55432/warehouse'
