-- database settings of ind15_geo, as run on 127.0.0.1:5432
ALTER DATABASE ind15_geo SET idle_in_transaction_session_timeout = '3s';
CREATE TABLE stores_geo (store_id int primary key, address text, lat float, lon float);
