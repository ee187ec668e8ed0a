-- decode the raw EDI body once, downstream models read text
select
    message_id,
    supplier_id,
    received_at,
    subject,
    convert_from(body, 'UTF8') as body_text
from {{ source('edi', 'supplier_messages') }}
