-- The meeting itself: where the facilitator is, notes, feedback and action items.
ALTER TABLE reviews ADD COLUMN current_slot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN meeting_started_at TIMESTAMP;
ALTER TABLE reviews ADD COLUMN slot_started_at TIMESTAMP;
ALTER TABLE reviews ADD COLUMN opening_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE team_settings ADD COLUMN anonymous_feedback BOOLEAN NOT NULL DEFAULT 1;

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY NOT NULL,
    assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    kind TEXT NOT NULL CHECK (kind IN ('kudos', 'question', 'suggestion')),
    body TEXT NOT NULL DEFAULT '',
    anonymous BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX feedback_assignment ON feedback (assignment_id);
CREATE INDEX feedback_author ON feedback (author_id);

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY NOT NULL,
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    assignment_id INTEGER REFERENCES assignments (id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    owner_id INTEGER REFERENCES members (id) ON DELETE RESTRICT,
    due_date TEXT,
    done BOOLEAN NOT NULL DEFAULT 0,
    done_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX action_items_review ON action_items (review_id);
CREATE INDEX action_items_owner ON action_items (owner_id);
