CREATE TABLE shipments (
    shipment_id bigint PRIMARY KEY,
    ship_date   date NOT NULL,
    carrier     text NOT NULL,
    weight_kg   numeric(8,2),
    dest_state  char(2),
    batch_file  text DEFAULT 'us_shipments_2026-12-06.csv'
);
