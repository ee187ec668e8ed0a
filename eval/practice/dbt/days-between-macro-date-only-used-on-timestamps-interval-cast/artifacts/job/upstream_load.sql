\echo [carrier-loader] 2026-12-08T01:20:00Z loading shipments and order dates
create table raw.shipments (
    shipment_id   bigint primary key,
    order_id      bigint not null,
    order_date    date not null,
    ship_date     date not null,
    shipped_at    timestamptz not null,
    delivered_at  timestamptz,
    carrier       text not null
);
insert into raw.shipments
select g, 100000 + g, date '2026-11-01' + g / 60, date '2026-11-01' + g / 60 + 1 + g % 2,
       timestamptz '2026-11-02 09:00+00' + (g / 60) * interval '1 day' + (g % 8) * interval '1 hour',
       case when g % 25 = 0 then null
            else timestamptz '2026-11-02 09:00+00' + (g / 60) * interval '1 day' + (30 + g % 70) * interval '1 hour' end,
       (array['colissimo','dpd','ups'])[1 + g % 3]
from generate_series(1, 2100) g;
\echo [carrier-loader] 2100 shipments (84 in transit)
\echo [carrier-loader] done
