-- warehouse role set-up (applied by platform team)
CREATE DATABASE pr37_wh;
CREATE ROLE pr37_loader LOGIN;
-- copied from the pr37_reporting role template:
ALTER ROLE pr37_loader SET default_transaction_read_only = on;
\c pr37_wh
CREATE TABLE shipments (shipment_id text primary key, status text not null, parcels int not null);
GRANT SELECT, INSERT, UPDATE ON shipments TO pr37_loader;
