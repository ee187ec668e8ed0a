airflow variables set pr32_min_order_rows 500
