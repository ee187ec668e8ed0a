\echo [pos-loader] 2026-12-08T01:35:00Z loading order lines 2026-11 .. 2026-12-07
create table raw.order_lines (
    order_id  bigint not null,
    line_no   integer not null,
    sku       text not null,
    quantity  integer not null,
    primary key (order_id, line_no)
);
insert into raw.order_lines
select o, l, 'SKU-' || lpad(((o * 31 + l * 17) % 1500)::text, 5, '0'), 1 + (o + l) % 3
from generate_series(1, 220000) o, generate_series(1, 7) l;
analyze raw.order_lines;
\echo [pos-loader] 1540000 order lines loaded
\echo [pos-loader] done in 6.8s
