select statement_line, cast(booked_on as date) as booked_on, cast(amount as decimal(12,2)) as amount, reference
from read_csv('{{ var("landing_dir", "/tmp/pr20/dbt/profile-disables-external-access/wh/landing") }}/bank_statement_20261206.csv', header=true)
