create schema if not exists finance;
create table finance.payouts (
    payout_id integer primary key,
    partner_id integer not null,
    batch_date date not null,
    status text not null,
    amount numeric(12,2) not null,
    released_at timestamptz
);
insert into finance.payouts (payout_id, partner_id, batch_date, status, amount)
select g, 100 + g % 37, date '2026-12-05', case when g % 9 = 0 then 'held' else 'approved' end,
       round((50 + g * 3.17)::numeric, 2)
from generate_series(1, 240) g;
