-- role and grants as set up on the shop database before the run
create role ind12_loader login password '***';
grant connect on database ind12_shop to ind12_loader;
grant usage on schema public to ind12_loader;
grant select, insert on public.orders to ind12_loader;
-- public.orders.id is "serial" (default nextval('orders_id_seq'))
