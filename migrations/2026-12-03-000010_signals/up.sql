-- Signal or noise: how a metric's months add up to a year to date (NULL: by its unit),
-- the order of a review's agenda, the time each slot of a meeting took, and dated
-- events on a metric ("price increase"), some of which restart its process limits.
ALTER TABLE metrics ADD COLUMN aggregation TEXT
    CHECK (aggregation IS NULL OR aggregation IN ('sum', 'average', 'last'));

ALTER TABLE reviews ADD COLUMN agenda TEXT NOT NULL DEFAULT 'standard'
    CHECK (agenda IN ('standard', 'signals_first'));

ALTER TABLE assignments ADD COLUMN spoken_seconds INTEGER NOT NULL DEFAULT 0;

CREATE TABLE metric_events (
    id INTEGER PRIMARY KEY NOT NULL,
    metric_id INTEGER NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    title TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    rebase BOOLEAN NOT NULL DEFAULT 0,
    author_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX metric_events_by_metric ON metric_events (metric_id, month);

-- The default template asks whether the month is a signal. A team that edited its
-- template keeps its own.
INSERT INTO presentation_templates (version, introduction, prompts, created_at)
SELECT 2, introduction,
    '[{"key":"change","question":"What changed against last month and against the target?","help":"The direction and size of the change, in plain words.","required":false},{"key":"signal","question":"Signal or noise? What changed in the process?","help":"The chart shows the usual range. Inside it, \"nothing to explain\" is a good answer; outside it, or in a run, say what changed in how the number is made.","required":false},{"key":"insight","question":"The insight: the number behind the number","help":"What does this number tell us that we did not know? This is the heart of your presentation.","required":true},{"key":"causes","question":"What caused it?","help":"Campaigns, seasonality, tracking, prices, a release…","required":false},{"key":"asked","question":"Who did I ask, and what did I learn from them?","help":"The owner, and anyone else who knows.","required":false},{"key":"proposal","question":"What do I propose we do?","help":"One concrete next step.","required":false},{"key":"confidence","question":"How sure am I? (sure / best guess / I need help)","help":"It is fine to say you need help.","required":false}]',
    CURRENT_TIMESTAMP
FROM presentation_templates
WHERE version = 1 AND NOT EXISTS (SELECT 1 FROM presentation_templates WHERE version > 1);
