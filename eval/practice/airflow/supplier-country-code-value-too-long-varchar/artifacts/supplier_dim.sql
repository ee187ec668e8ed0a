CREATE TABLE supplier_dim (
  supplier_id int primary key,
  name text not null,
  country_code varchar(2) not null,  -- ISO 3166-1 alpha-2 per supplier master contract
  status text not null
);
