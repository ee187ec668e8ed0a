-- DBA set-up of the warehouse database (run once as postgres)
drop database if exists h52_c13 with (force);
create role h52_transformer login password 'transformer';
create role h52_bi_dash login password 'bi';
create database h52_c13 owner h52_transformer;
\c h52_c13
create schema raw authorization postgres;
grant usage on schema raw to h52_transformer, h52_bi_dash;
alter default privileges in schema raw grant select on tables to h52_transformer, h52_bi_dash;
