-- h53_wh: web sessions table the KPI rollup reads (run as h53_etl)
CREATE SCHEMA IF NOT EXISTS analytics;
DROP TABLE IF EXISTS analytics.web_sessions;
CREATE TABLE analytics.web_sessions (session_id text, session_date date, channel text, converted boolean);
INSERT INTO analytics.web_sessions
SELECT 's-' || g, DATE '2026-12-07', (ARRAY['seo','sea','email','direct'])[1 + g % 4], g % 23 = 0
FROM generate_series(1, 5000) g;
DROP TABLE IF EXISTS analytics.daily_channel_kpis;
CREATE TABLE analytics.daily_channel_kpis (kpi_date date, channel text, sessions bigint, conversions bigint);
