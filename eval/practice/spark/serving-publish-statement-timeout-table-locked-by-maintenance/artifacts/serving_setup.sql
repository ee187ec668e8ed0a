create schema if not exists serving;
create table serving.store_daily (store_id text, sales_date date, net_sales numeric(12,2), baskets int,
  primary key (store_id, sales_date));
