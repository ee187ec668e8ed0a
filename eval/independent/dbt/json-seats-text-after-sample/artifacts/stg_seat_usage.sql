select account_id, cast(day as date) as usage_day, sum(seats) as seats, sum(error_count) as error_count
from read_json_auto('/tmp/ind11/dbt/landed/seat_usage_20261207.jsonl')
group by 1, 2
