-- finance warehouse set-up (as on the server)
create role pr27_loader login password 'ledger-load-2026';
create database pr27_finance owner postgres;
\c pr27_finance
create table ledger_postings (posting_id text primary key, account text, amount numeric(14,2), posted_at timestamp);
grant select, insert, delete on ledger_postings to pr27_loader;
-- DBA hardening ticket SEC-412, applied 2026-12-05: no implicit CONNECT for PUBLIC
revoke connect on database pr27_finance from public;
