-- DBA set-up of the warehouse database (run once as postgres)
drop database if exists h52_c06 with (force);
do $$begin
  if not exists (select 1 from pg_roles where rolname = 'h52_transformer') then
    create role h52_transformer login password 'transformer';
  end if;
end$$;
create database h52_c06 owner h52_transformer;
\c h52_c06
create schema raw authorization postgres;
grant usage on schema raw to h52_transformer;
alter default privileges in schema raw grant select on tables to h52_transformer;

do $$begin
  if not exists (select 1 from pg_roles where rolname = 'h52_ci_runner') then
    create role h52_ci_runner login password 'ci-runner';
  end if;
end$$;
grant connect on database h52_c06 to h52_ci_runner;
