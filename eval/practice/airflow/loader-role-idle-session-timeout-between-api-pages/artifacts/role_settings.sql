-- DBA policy change applied to service roles this week ("reap idle sessions")
ALTER ROLE h48_loader SET idle_session_timeout = '4s';
-- select rolname, rolconfig from pg_roles where rolname = 'h48_loader';
--  h48_loader | {idle_session_timeout=4s}
