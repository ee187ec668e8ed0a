-- The CRM database was created years ago from a script copied from the old ERP host,
-- with a single-byte LATIN1 encoding.
CREATE ROLE h41_crm_app LOGIN PASSWORD 'crm-pw';
CREATE DATABASE h41_crm OWNER h41_crm_app ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c h41_crm h41_crm_app
CREATE TABLE public.customers (
    customer_id bigint PRIMARY KEY,
    full_name text NOT NULL,
    city text,
    country char(2),
    signup_date date
);
