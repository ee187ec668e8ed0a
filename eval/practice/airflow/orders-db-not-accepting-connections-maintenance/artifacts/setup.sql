-- orders OLTP stand-in
create role pr27_extract login password 'extract-2026';
create database pr27_orders owner postgres;
\c pr27_orders
create table orders (order_id bigint primary key, customer_id int, total numeric(10,2), status text, created_at timestamp);
insert into orders select 900000 + g, (g * 7) % 5000, round((random() * 300)::numeric, 2), 'completed',
       timestamp '2026-12-06 00:00' + (g || ' seconds')::interval * 20 from generate_series(1, 4000) g;
grant select on orders to pr27_extract;
