-- A review discusses the numbers of its data month (by default the month before the
-- meeting's month); values the ending of a meeting wrote are remembered so that reopening
-- the meeting can take them back; the team's default currency and number format.
ALTER TABLE reviews ADD COLUMN data_month TEXT NOT NULL DEFAULT '';
UPDATE reviews SET data_month = strftime('%Y-%m', date(month || '-01', '-1 month'));

ALTER TABLE team_settings ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR';
ALTER TABLE team_settings ADD COLUMN number_format TEXT NOT NULL DEFAULT '1,234.5';

-- The owner is asked to fact-check a submitted presentation once.
ALTER TABLE presentations ADD COLUMN owner_asked_at TIMESTAMP;

CREATE TABLE meeting_value_writes (
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    metric_id INTEGER NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    written_value DOUBLE NOT NULL,
    previous_value DOUBLE,
    previous_note TEXT,
    previous_updated_by INTEGER,
    previous_updated_at TIMESTAMP,
    PRIMARY KEY (review_id, metric_id)
);
