-- The foundation: people, their sign-in material, metrics and their monthly values.
-- Tables that record a member's or a metric's history reference it with ON DELETE
-- RESTRICT, so "can this be deleted?" is answered by the database itself: a row with
-- history can only be deactivated.

CREATE TABLE members (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('manager', 'member')),
    active BOOLEAN NOT NULL DEFAULT 1,
    password_hash TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX members_email_unique ON members (email COLLATE NOCASE);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_member ON sessions (member_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
CREATE INDEX api_tokens_member ON api_tokens (member_id);

CREATE TABLE password_tokens (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_tokens_member ON password_tokens (member_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
CREATE INDEX login_failures_ip ON login_failures (ip, failed_at);

CREATE TABLE metrics (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    formula TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL CHECK (category IN ('acquisition', 'activation', 'retention', 'revenue', 'efficiency', 'other')),
    unit TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'currency', 'ratio', 'score', 'duration')),
    currency TEXT,
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    target DOUBLE,
    owner_id INTEGER REFERENCES members (id) ON DELETE RESTRICT,
    north_star BOOLEAN NOT NULL DEFAULT 0,
    kept_by_manager BOOLEAN NOT NULL DEFAULT 0,
    on_dashboard BOOLEAN NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX metrics_name_unique ON metrics (name COLLATE NOCASE);
-- At most one active North Star, enforced by the database as well as the service.
CREATE UNIQUE INDEX metrics_one_north_star ON metrics (north_star) WHERE north_star = 1 AND active = 1;
CREATE INDEX metrics_owner ON metrics (owner_id);

CREATE TABLE metric_values (
    metric_id INTEGER NOT NULL REFERENCES metrics (id) ON DELETE RESTRICT,
    month TEXT NOT NULL CHECK (length(month) = 7),
    value DOUBLE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES members (id) ON DELETE RESTRICT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (metric_id, month)
);
CREATE INDEX metric_values_updated_by ON metric_values (updated_by);
