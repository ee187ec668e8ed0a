create type order_status as enum ('placed', 'paid', 'shipped', 'delivered', 'cancelled');
create table orders (order_id int primary key, order_date date not null, status order_status not null, amount numeric(10,2));
