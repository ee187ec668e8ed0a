-- shared Postgres 5432: inventory warehouse after the DBA lockdown of 2026-12-04 (ticket DBA-88)
CREATE ROLE pr28_loader LOGIN;
CREATE ROLE pr28_reporting LOGIN;
CREATE DATABASE pr28_inventory;
REVOKE CONNECT ON DATABASE pr28_inventory FROM PUBLIC;
GRANT CONNECT ON DATABASE pr28_inventory TO pr28_reporting;
\c pr28_inventory
CREATE SCHEMA inventory;
CREATE TABLE inventory.on_hand (warehouse_id text, sku text, qty_on_hand int, snapshot_date date);
GRANT USAGE ON SCHEMA inventory TO pr28_loader, pr28_reporting;
GRANT SELECT, INSERT, DELETE ON inventory.on_hand TO pr28_loader;
GRANT SELECT ON inventory.on_hand TO pr28_reporting;
