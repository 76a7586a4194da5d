-- Monthly reviews, who is away, the drawn rotation, and the record of changes made to a
-- published rotation. Team settings live in a single row.

CREATE TABLE team_settings (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    recent_months INTEGER NOT NULL DEFAULT 6,
    default_duration_minutes INTEGER NOT NULL DEFAULT 30,
    default_timezone TEXT NOT NULL DEFAULT 'Europe/Copenhagen',
    default_location TEXT NOT NULL DEFAULT '',
    opening_minutes INTEGER NOT NULL DEFAULT 3,
    closing_minutes INTEGER NOT NULL DEFAULT 5,
    -- "first Tuesday of each month, 10:00": week 1-4 or 5 for the last; weekday 1 = Monday.
    schedule_enabled BOOLEAN NOT NULL DEFAULT 0,
    schedule_week INTEGER NOT NULL DEFAULT 1,
    schedule_weekday INTEGER NOT NULL DEFAULT 2,
    schedule_time TEXT NOT NULL DEFAULT '10:00',
    schedule_months_ahead INTEGER NOT NULL DEFAULT 2,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO team_settings (id, updated_at) VALUES (1, CURRENT_TIMESTAMP);

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY NOT NULL,
    month TEXT NOT NULL UNIQUE CHECK (length(month) = 7),
    starts_at TIMESTAMP NOT NULL,
    timezone TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'drafted', 'published', 'held', 'cancelled')),
    seed BIGINT,
    presenting_manager_id INTEGER REFERENCES members (id) ON DELETE RESTRICT,
    published_at TIMESTAMP,
    held_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE review_absences (
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    PRIMARY KEY (review_id, member_id)
);
CREATE INDEX review_absences_member ON review_absences (member_id);

CREATE TABLE assignments (
    id INTEGER PRIMARY KEY NOT NULL,
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    metric_id INTEGER NOT NULL REFERENCES metrics (id) ON DELETE RESTRICT,
    presenter_id INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    -- The owner and their department when drawn: history keeps what was true then.
    owner_id INTEGER REFERENCES members (id) ON DELETE RESTRICT,
    owner_department TEXT,
    position INTEGER NOT NULL,
    reason TEXT NOT NULL,
    -- Set when a soft rule was broken by hand.
    warning TEXT,
    UNIQUE (review_id, metric_id)
);
CREATE INDEX assignments_presenter ON assignments (presenter_id);
CREATE INDEX assignments_metric ON assignments (metric_id);

CREATE TABLE rotation_changes (
    id INTEGER PRIMARY KEY NOT NULL,
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    changed_by INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    description TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX rotation_changes_review ON rotation_changes (review_id);
