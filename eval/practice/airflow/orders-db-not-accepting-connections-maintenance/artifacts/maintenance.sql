-- DBA maintenance window (CHG-7781: pg_repack of orders, 02:00-03:00), applied while the extract ran
alter database pr27_orders allow_connections false;
select pg_terminate_backend(pid) from pg_stat_activity where datname = 'pr27_orders' and pid <> pg_backend_pid();
