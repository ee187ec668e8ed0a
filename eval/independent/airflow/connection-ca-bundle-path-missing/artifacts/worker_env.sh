export AIRFLOW_CONN_PARTNER_ORDERS_API='{"conn_type": "http", "host": "orders.partner-hub.example", "schema": "https", "extra": {"ca_bundle": "/etc/ssl/acme/partner-ca.pem"}}'
export AIRFLOW_CONN_WAREHOUSE_PG='{"conn_type": "postgres", "host": "127.0.0.1", "port": 5432, "login": "postgres", "schema": "ind16_wh", "extra": {"pool_size": 2, "max_overflow": 0, "pool_timeout": 10}}'
