-- database h44_crm (UTF8), created by the CRM team
CREATE SCHEMA IF NOT EXISTS inbound;
CREATE TABLE IF NOT EXISTS inbound.contacts (
    customer_id text PRIMARY KEY,
    full_name   text NOT NULL,
    city        text,
    email       text
);
