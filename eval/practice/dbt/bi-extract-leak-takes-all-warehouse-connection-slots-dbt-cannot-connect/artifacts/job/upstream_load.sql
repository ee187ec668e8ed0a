\echo [shop-loader] 2026-12-08T01:05:00Z extracting orders, customers, payments, stores
create table raw.orders as
select g as order_id, 1 + g % 900 as customer_id, 1 + g % 30 as store_id,
       round((5 + (g % 300) * 0.83)::numeric, 2) as amount, timestamptz '2026-11-01 08:00+00' + g * interval '7 minutes' as ordered_at
from generate_series(1, 6000) g;
create table raw.customers as
select g as customer_id, (array['FR','DE','BE','NL'])[1 + g % 4] as country from generate_series(1, 900) g;
create table raw.payments as
select g as payment_id, g as order_id, round((5 + (g % 300) * 0.83)::numeric, 2) as paid_amount from generate_series(1, 5900) g;
create table raw.stores as
select g as store_id, 'S' || lpad(g::text, 3, '0') as store_code from generate_series(1, 30) g;
\echo [shop-loader] orders 6000, customers 900, payments 5900, stores 30
\echo [shop-loader] done
