{#
  Stand-in for the upstream system that owns the `raw` schema (an ingestion tool, another team's job).
  `dbt run-operation load_raw --vars '{scenario: <name>}'` rewrites raw.customers, raw.orders and
  raw.payments; each scenario other than `clean` is a change made OUTSIDE this dbt project:

    clean           every table as the models expect
    nulls           3 orders arrive without a customer_id          -> not_null test on stg_orders fails
    dupes           2 orders are delivered twice                    -> unique test on stg_orders fails
    bad_status      a new status value 'refund_pending' appears     -> accepted_values test fails
    orphans         2 orders reference customer 42, who is unknown  -> relationships test fails
    renamed_column  customers.email was renamed to email_address    -> stg_customers: Binder Error
    missing_table   raw.payments was dropped                        -> stg_payments: Catalog Error
#}
{% macro load_raw(scenario=none) %}
  {% set scenario = scenario or var('scenario', 'clean') %}
  {% set known = ['clean', 'nulls', 'dupes', 'bad_status', 'orphans', 'renamed_column', 'missing_table'] %}
  {% if scenario not in known %}
    {{ exceptions.raise_compiler_error("unknown scenario '" ~ scenario ~ "'; expected one of " ~ known | join(', ')) }}
  {% endif %}

  {% set email_column = 'email_address' if scenario == 'renamed_column' else 'email' %}
  {% set customer_of_order_3 = 'null' if scenario == 'nulls' else ('42' if scenario == 'orphans' else '3') %}
  {% set customer_of_order_7 = 'null' if scenario == 'nulls' else ('42' if scenario == 'orphans' else '2') %}
  {% set customer_of_order_11 = 'null' if scenario == 'nulls' else '5' %}
  {% set status_of_order_5 = 'refund_pending' if scenario == 'bad_status' else 'returned' %}

  {% set statements %}
    create schema if not exists raw;

    create or replace table raw.customers as
    select * from (values
      (1, 'Ada', 'Lovelace', 'ada@example.com'),
      (2, 'Grace', 'Hopper', 'grace@example.com'),
      (3, 'Alan', 'Turing', 'alan@example.com'),
      (4, 'Edsger', 'Dijkstra', 'edsger@example.com'),
      (5, 'Barbara', 'Liskov', 'barbara@example.com'),
      (6, 'Donald', 'Knuth', 'donald@example.com')
    ) as t(customer_id, first_name, last_name, {{ email_column }});

    create or replace table raw.orders as
    select * from (values
      (1, 1, date '2026-01-02', 'completed', 120.00),
      (2, 2, date '2026-01-03', 'completed', 35.50),
      (3, {{ customer_of_order_3 }}, date '2026-01-03', 'shipped', 74.25),
      (4, 4, date '2026-01-04', 'placed', 18.00),
      (5, 5, date '2026-01-05', '{{ status_of_order_5 }}', 240.00),
      (6, 6, date '2026-01-06', 'completed', 9.99),
      (7, {{ customer_of_order_7 }}, date '2026-01-07', 'shipped', 61.00),
      (8, 1, date '2026-01-08', 'placed', 15.00),
      (9, 3, date '2026-01-09', 'completed', 88.80),
      (10, 4, date '2026-01-10', 'completed', 42.00),
      (11, {{ customer_of_order_11 }}, date '2026-01-11', 'shipped', 130.00),
      (12, 6, date '2026-01-12', 'placed', 27.30)
      {% if scenario == 'dupes' %}
      , (4, 4, date '2026-01-04', 'placed', 18.00)
      , (9, 3, date '2026-01-09', 'completed', 88.80)
      {% endif %}
    ) as t(order_id, customer_id, order_date, status, amount);

    {% if scenario == 'missing_table' %}
    drop table if exists raw.payments;
    {% else %}
    create or replace table raw.payments as
    select * from (values
      (101, 1, 'card', 120.00),
      (102, 2, 'card', 35.50),
      (103, 3, 'voucher', 74.25),
      (104, 5, 'bank_transfer', 240.00),
      (105, 6, 'card', 9.99),
      (106, 9, 'card', 88.80),
      (107, 10, 'voucher', 42.00)
    ) as t(payment_id, order_id, payment_method, amount);
    {% endif %}
  {% endset %}

  {% do run_query(statements) %}
  {% do adapter.commit() %}
  {{ log("load_raw: raw schema written for scenario '" ~ scenario ~ "'", info=true) }}
{% endmacro %}
