# connection as set in the worker's environment (staging)
export AIRFLOW_CONN_STAGING_DB='{"conn_type":"postgres","host":"127.0.0.1","port":5432,"login":"etl_staging","password":"***","schema":"ind14_ops","extra":{"sslmode":"require","application_name":"acme-dq"}}'
