select session_id, string_agg(url, ' > ' order by ts) as path, count(*) as clicks
from {{ source('web', 'raw_clicks') }}
group by session_id
order by session_id
