\echo [replicator] 2026-12-08T01:30:11Z sync wms.goods_receipts -> raw.goods_receipts (mode=incremental)
create table raw.goods_receipts (
    receipt_id   bigint primary key,
    store_id     integer not null,
    sku          text not null,
    received_qty integer,
    unit_cost    numeric(10,2),
    received_at  timestamptz
);
insert into raw.goods_receipts
select g, 1 + g % 30, 'SKU-' || lpad((g % 700)::text, 5, '0'), 1 + g % 24, round((2 + (g % 50) * 0.37)::numeric, 2),
       timestamptz '2026-11-01 05:00+00' + g * interval '11 minutes'
from generate_series(1, 4000) g;
\echo [replicator] schema change detected on wms.goods_receipts: received_qty integer -> varchar(12)
alter table raw.goods_receipts alter column received_qty type varchar(12) using received_qty::varchar;
\echo [replicator] destination column raw.goods_receipts.received_qty altered to varchar(12)
insert into raw.goods_receipts
select 4000 + g, 1 + g % 30, 'SKU-' || lpad((g % 700)::text, 5, '0'), (1 + g % 24)::text, round((2 + (g % 50) * 0.37)::numeric, 2),
       timestamptz '2026-12-07 05:00+00' + g * interval '3 minutes'
from generate_series(1, 220) g;
\echo [replicator] 220 rows synced, 0 deleted, cursor=2026-12-07T23:59:41Z
\echo [replicator] WARN slow query on source (8.2s), consider index on wms.goods_receipts(received_at)
