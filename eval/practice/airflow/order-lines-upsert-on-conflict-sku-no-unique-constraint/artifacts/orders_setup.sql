CREATE ROLE h41_orders LOGIN PASSWORD 'orders-pw';
CREATE DATABASE h41_orders OWNER h41_orders;
\c h41_orders h41_orders
CREATE TABLE public.order_lines (
    order_id bigint NOT NULL,
    line_no integer NOT NULL,
    sku text NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    updated_at timestamp NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
INSERT INTO public.order_lines VALUES (879999, 1, 'SKU-1234', 1, 9.99, '2026-12-05 23:59:00');
