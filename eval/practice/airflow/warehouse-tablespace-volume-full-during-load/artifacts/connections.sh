# connections as created on the deployment (airflow connections add)
airflow connections add inventory_wh --conn-uri 'postgres://pr28_loader@127.0.0.1:5432/pr28_inventory'
airflow connections add orders_wh --conn-uri 'postgres://postgres@127.0.0.1:28847/pr28_orders'
airflow connections add finance_wh --conn-uri 'postgres://postgres@127.0.0.1:28847/pr28_finance'
