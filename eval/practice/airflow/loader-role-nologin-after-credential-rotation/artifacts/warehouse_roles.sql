-- Quarterly credential rotation by the platform team (2026-12-06):
-- the new loader role h42_loader_v2 was created and the old h42_loader_v1 disabled.
create role h42_loader_v1 login;
create role h42_loader_v2 login;
-- (database h42_wh, schema staging owned by h42_loader_v2; grants to both roles)
alter role h42_loader_v1 nologin;
