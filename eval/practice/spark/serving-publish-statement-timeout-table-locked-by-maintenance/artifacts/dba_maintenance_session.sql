-- The DBA's maintenance window overlapping the publish: a long table rewrite holds an
-- ACCESS EXCLUSIVE lock on serving.store_daily for several minutes.
set application_name = 'dba_table_rewrite';
begin;
lock table serving.store_daily in access exclusive mode;
select pg_sleep(300);
rollback;
