\echo [wms-export] 2026-12-08T02:00:04Z stock snapshot 2026-12-07: 3 parts
insert into raw.stock_levels
select s, 'SKU-' || lpad(k::text, 5, '0'), (s * 11 + k * 5) % 95, timestamptz '2026-12-08 02:00+00',
       'stock_20261207_part' || (1 + (s - 1) / 10) || '.csv'
from generate_series(1, 30) s, generate_series(1, 60) k;
\echo [wms-export] part1 600 rows, part2 600 rows, part3 600 rows
\echo [wms-export] WARN sftp ack for stock_20261207_part2.csv not received in 30s, re-sending part2
insert into raw.stock_levels
select s, 'SKU-' || lpad(k::text, 5, '0'), (s * 11 + k * 5) % 95, timestamptz '2026-12-08 02:00+00',
       'stock_20261207_part2.csv'
from generate_series(11, 20) s, generate_series(1, 60) k;
\echo [wms-export] part2 re-sent: 600 rows appended
select file_part, count(*) from raw.stock_levels where loaded_at = '2026-12-08 02:00+00' group by 1 order by 1;
\echo [wms-export] snapshot 2026-12-07 complete
