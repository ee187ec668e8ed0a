create table promotions (promo_id text primary key, sku text not null, discount_pct numeric(5,2) not null check (discount_pct between 0 and 100), starts_on date, ends_on date);
