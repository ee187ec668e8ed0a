\echo [shop-loader] 2026-12-08T01:05:00Z extracting orders from shop db (since 2026-12-07)
create table raw.orders (
    order_id     bigint primary key,
    customer_id  integer not null,
    store_id     integer not null,
    status       text not null,
    amount       numeric(12,2) not null,
    ordered_at   timestamptz not null
);
insert into raw.orders
select g, 1 + g % 900, 1 + g % 30, (array['paid','shipped','delivered','refunded'])[1 + g % 4],
       round((5 + (g % 300) * 0.83)::numeric, 2), timestamptz '2026-11-01 08:00+00' + g * interval '7 minutes'
from generate_series(1, 6000) g;
create table raw.customers (
    customer_id integer primary key,
    email       text,
    country     text,
    created_at  timestamptz
);
insert into raw.customers
select g, 'c' || g || '@example.org', (array['FR','DE','BE','NL'])[1 + g % 4], timestamptz '2024-01-01' + g * interval '13 hours'
from generate_series(1, 900) g;
\echo [shop-loader] orders: 6000 rows, customers: 900 rows
\echo [shop-loader] WARN 3 orders with amount 0.00 kept (vouchers)
\echo [shop-loader] done in 2.1s
