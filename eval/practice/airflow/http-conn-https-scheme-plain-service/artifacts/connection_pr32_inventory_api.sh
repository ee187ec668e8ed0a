# How the Connection was defined (the service listens on plain HTTP)
airflow connections add pr32_inventory_api --conn-type http --conn-host 127.0.0.1 --conn-port 18551 --conn-schema https
