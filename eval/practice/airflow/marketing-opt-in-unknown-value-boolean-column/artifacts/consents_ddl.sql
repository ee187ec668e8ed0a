CREATE TABLE consents (
    contact_id  text        NOT NULL,
    channel     text        NOT NULL,
    opt_in      boolean     NOT NULL,
    captured_at timestamptz NOT NULL,
    load_date   date        NOT NULL
);
