-- The finance team's month-end reconciliation session, running while the DAG runs:
-- it holds row locks on the 2026-12-05 approved payouts for several minutes.
set application_name = 'finance_recon_adhoc';
begin;
select payout_id from finance.payouts where batch_date = date '2026-12-05' and status = 'approved' for update;
select pg_sleep(400);
rollback;
