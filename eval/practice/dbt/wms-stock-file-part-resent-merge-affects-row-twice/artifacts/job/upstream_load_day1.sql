\echo [wms-export] 2026-12-07T02:00:05Z stock snapshot 2026-12-06: 3 parts
create table raw.stock_levels (
    store_id   integer not null,
    sku        text not null,
    on_hand    integer not null,
    loaded_at  timestamptz not null,
    file_part  text not null
);
insert into raw.stock_levels
select s, 'SKU-' || lpad(k::text, 5, '0'), (s * 7 + k * 3) % 90, timestamptz '2026-12-07 02:00+00',
       'stock_20261206_part' || (1 + (s - 1) / 10) || '.csv'
from generate_series(1, 30) s, generate_series(1, 60) k;
\echo [wms-export] 1800 rows loaded into raw.stock_levels (parts 1-3)
