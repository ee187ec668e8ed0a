\echo [edi-gateway] 2026-12-08T01:40:02Z export job supplier_messages starting (batch 2026-12-07)
create table raw.supplier_messages (
    message_id   bigint primary key,
    supplier_id  integer not null,
    received_at  timestamptz not null,
    subject      text,
    body         bytea
);
insert into raw.supplier_messages
select g, 100 + (g % 40), timestamptz '2026-11-20 06:00+00' + g * interval '17 minutes',
       'ASN ' || g, convert_to('Delivery note ' || g || ': ' || (g % 12 + 1) || ' pallets, dock ' || (g % 4 + 1), 'UTF8')
from generate_series(1, 1400) g;
\echo [edi-gateway] 1400 messages copied from portal archive (suppliers 100-139)
\echo [edi-gateway] supplier 204 onboarding complete: gateway=AS2-v2 mdn=signed charset=ISO-8859-1
insert into raw.supplier_messages
select 5000 + g, 204, timestamptz '2026-12-07 07:00+00' + g * interval '9 minutes',
       'Avis d''expedition ' || g,
       convert_to('Livraison prévue le 09/12, quantité ajustée: ' || (g % 9 + 1) || ' palettes', 'LATIN1')
from generate_series(1, 36) g;
\echo [edi-gateway] 36 messages appended for supplier 204
select supplier_id, count(*) from raw.supplier_messages group by 1 order by 2 desc limit 3;
\echo [edi-gateway] WARN 2 messages from supplier 117 exceeded 64 KB and were truncated (retry scheduled)
\echo [edi-gateway] done in 3.4s
