-- database h44_stock, created by the team's migrations
CREATE SCHEMA IF NOT EXISTS staging;
CREATE TABLE IF NOT EXISTS staging.partner_stock (
    sku       text    NOT NULL,
    store_id  integer NOT NULL,
    on_hand   integer NOT NULL,
    reserved  integer NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
