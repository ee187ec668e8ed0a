-- The CRM team's release of 2026-12-06 renamed crm.customers.customer_email to email_address.
create schema if not exists crm;
create table crm.customers (
    customer_id integer primary key,
    email_address text not null,
    full_name text,
    marketing_opt_in boolean default false,
    updated_at timestamptz not null default now()
);
insert into crm.customers (customer_id, email_address, full_name, marketing_opt_in, updated_at)
select g, 'customer' || g || '@example.com', 'Customer ' || g, g % 3 = 0,
       timestamptz '2026-12-05 00:00+00' + (g || ' minutes')::interval
from generate_series(1, 400) g;
