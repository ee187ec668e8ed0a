-- Airflow Connection pr34_finance_pg (added with `airflow connections add`):
--   postgres://pr34_loader@127.0.0.1:5432/pr34_finance   (extra: {})
-- Role setup applied by the DBA script last week (copied from the OLTP API role template):
CREATE ROLE pr34_loader LOGIN;
ALTER ROLE pr34_loader SET statement_timeout = '250ms';
GRANT SELECT ON ledger TO pr34_loader;
