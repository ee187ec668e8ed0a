\echo [store-ops-sync] 2026-12-08T01:15:00Z pulling store master from store-ops API
create table raw.store_master (
    store_id    integer primary key,
    store_code  text not null,
    store_name  text not null,
    region      text,
    opened_on   date,
    closed_on   date
);
insert into raw.store_master
select g, 'S' || lpad(g::text, 3, '0'), 'Store ' || g, (array['north','south','east','west'])[1 + g % 4],
       date '2019-01-01' + g * 20, null
from generate_series(1, 60) g;
update raw.store_master set store_name = 'Lyon Part-Dieu', closed_on = date '2025-03-31' where store_id = 14;
insert into raw.store_master values
    (61, 'S014', 'Lyon Part-Dieu (reopened)', 'south', date '2026-12-01', null),
    (62, 'S062', 'Annecy Centre', 'south', date '2026-12-05', null);
\echo [store-ops-sync] 62 stores upserted (2 new since 2026-11-30)
select store_id, store_code, store_name, closed_on from raw.store_master where store_id in (14, 61, 62) order by 1;
\echo [store-ops-sync] done
