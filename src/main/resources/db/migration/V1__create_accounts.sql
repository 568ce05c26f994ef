-- Registered nicks (the account package). Portable SQL: the same migration runs on H2 and PostgreSQL.
-- name_key is the nick lower-cased (NameRules.key): the primary key makes two registrations of one nick,
-- whatever their case, fail with a duplicate key, even when they race on two servers.
CREATE TABLE accounts (
    name_key      VARCHAR(256) NOT NULL PRIMARY KEY,
    name          VARCHAR(256) NOT NULL,
    password_hash VARCHAR(500) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at TIMESTAMP WITH TIME ZONE
);
