CREATE SCHEMA raw;
CREATE SCHEMA archive;
CREATE TABLE raw.web_sessions (session_id text PRIMARY KEY, visitor_id text, session_start timestamp, pages int);
CREATE TABLE archive.web_sessions (LIKE raw.web_sessions);
INSERT INTO raw.web_sessions
SELECT 's' || g, 'v' || (g % 400), timestamp '2026-12-06' - (g || ' hours')::interval, 1 + g % 9
FROM generate_series(1, 6000) g;
