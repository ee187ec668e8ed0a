CREATE SCHEMA kpi;
CREATE TABLE kpi.daily (day date, name text, value numeric, PRIMARY KEY (day, name));
