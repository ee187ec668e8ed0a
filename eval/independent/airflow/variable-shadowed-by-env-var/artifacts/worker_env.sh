# environment of the worker (airflow standalone) during the run, as set
export AIRFLOW_VAR_EXPORT_LOOKBACK_DAYS=90
