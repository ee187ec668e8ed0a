select
    cast(member_id as integer) as member_id,
    tier,
    cast(joined_on as date) as joined_on
from {{ source('raw', 'loyalty_members') }}
