\echo [crm-loader] 2026-12-08T01:10:00Z extracting customer_addresses (full)
create table raw.customer_addresses (
    address_id   bigint primary key,
    customer_id  integer not null,
    street       text,
    city         text,
    postcode     text,
    valid_from   timestamptz not null
);
insert into raw.customer_addresses
select g, 1 + g % 900, g || ' rue de la Gare', (array['Lyon','Paris','Lille','Nantes','Bordeaux'])[1 + g % 5],
       lpad((10000 + g * 37 % 89999)::text, 5, '0'), timestamptz '2023-01-01' + g * interval '5 hours'
from generate_series(1, 2600) g;
\echo [crm-loader] 2600 addresses for 900 customers
\echo [crm-loader] done
