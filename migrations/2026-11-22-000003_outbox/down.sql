ALTER TABLE reviews DROP COLUMN ics_sequence;
DROP TABLE outbox;
