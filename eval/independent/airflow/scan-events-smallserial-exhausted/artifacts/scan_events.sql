-- ops database DDL (as created at go-live; history loaded since)
create table scan_events (id smallserial primary key, parcel_id text not null, scanned_at timestamptz not null, depot text);
