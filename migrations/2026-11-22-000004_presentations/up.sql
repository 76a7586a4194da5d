-- Presentation templates (versioned), presentations, the owner's hand-off, reminders.
-- (The email link that opens a presentation is an HMAC of the assignment and its
-- presenter: nothing about it is stored.)

CREATE TABLE presentation_templates (
    version INTEGER PRIMARY KEY NOT NULL,
    introduction TEXT NOT NULL,
    -- JSON list of {"key", "question", "help", "required"}.
    prompts TEXT NOT NULL,
    created_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO presentation_templates (version, introduction, prompts, created_at) VALUES (
    1,
    'You present a metric you do not own: that is the point. Ask its owner what moved the number, and bring the insight behind it. You have a few minutes; the whole team attends. Numbers may be wrong the first times, and that is fine.',
    '[{"key":"change","question":"What changed against last month and against the target?","help":"The direction and size of the change, in plain words.","required":false},{"key":"insight","question":"The insight: the number behind the number","help":"What does this number tell us that we did not know? This is the heart of your presentation.","required":true},{"key":"causes","question":"What caused it?","help":"Campaigns, seasonality, tracking, prices, a release…","required":false},{"key":"asked","question":"Who did I ask, and what did I learn from them?","help":"The owner, and anyone else who knows.","required":false},{"key":"proposal","question":"What do I propose we do?","help":"One concrete next step.","required":false},{"key":"confidence","question":"How sure am I? (sure / best guess / I need help)","help":"It is fine to say you need help.","required":false}]',
    CURRENT_TIMESTAMP
);

CREATE TABLE presentations (
    id INTEGER PRIMARY KEY NOT NULL,
    assignment_id INTEGER NOT NULL UNIQUE REFERENCES assignments (id) ON DELETE CASCADE,
    template_version INTEGER NOT NULL REFERENCES presentation_templates (version),
    value DOUBLE,
    -- JSON object: prompt key -> answer.
    answers TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    submitted_at TIMESTAMP,
    fact_checked_at TIMESTAMP,
    correction TEXT NOT NULL DEFAULT '',
    clarity_rating INTEGER CHECK (clarity_rating BETWEEN 1 AND 5),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

ALTER TABLE assignments ADD COLUMN owner_brief TEXT NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN reminded_at TIMESTAMP;

ALTER TABLE reviews ADD COLUMN deadline_days INTEGER NOT NULL DEFAULT 2;
ALTER TABLE team_settings ADD COLUMN reminder_days INTEGER NOT NULL DEFAULT 2;
