select
    subscription_id,
    account_id,
    plan,
    status::subscription_status as status,
    cast(started_at as date) as started_at
from read_csv_auto('/tmp/ind11/dbt/landed/subscriptions_20261207.csv', header = true)
