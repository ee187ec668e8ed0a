-- serving Postgres (its own cluster on 127.0.0.1:28622), database serving
CREATE SCHEMA IF NOT EXISTS features;
CREATE TABLE IF NOT EXISTS features.customer_90d (
    customer_id bigint PRIMARY KEY,
    orders_90d  bigint NOT NULL,
    spend_90d   numeric(14,2) NOT NULL
);
