-- Warehouse state on the night of the failure (run as postgres, then as h41_migrator).
-- Migration 0042, run by the platform team's migration role, dropped and recreated
-- store_sales to change gross_amount's type, so the table is now owned by h41_migrator;
-- the loader only got its DML grants back.
CREATE ROLE h41_migrator LOGIN;
CREATE ROLE h41_loader LOGIN PASSWORD 'loader-pw';
CREATE DATABASE h41_wh OWNER h41_migrator;
\c h41_wh h41_migrator
CREATE TABLE public.store_sales (
    store_id integer NOT NULL,
    sale_date date NOT NULL,
    gross_amount numeric(12,2),
    items_sold integer,
    loyalty_points integer
);
GRANT USAGE ON SCHEMA public TO h41_loader;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.store_sales TO h41_loader;
