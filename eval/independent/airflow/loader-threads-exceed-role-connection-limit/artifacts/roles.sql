-- set by the DBA, as run on 127.0.0.1:5432
CREATE ROLE ind15_loader LOGIN CONNECTION LIMIT 6;
GRANT ALL ON DATABASE ind15_loads TO ind15_loader;
-- Airflow Variable: airflow variables set load_parallelism 16
