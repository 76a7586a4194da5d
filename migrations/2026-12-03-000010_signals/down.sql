DELETE FROM presentation_templates WHERE version = 2 AND created_by IS NULL AND NOT EXISTS (SELECT 1 FROM presentations WHERE template_version = 2);
DROP TABLE metric_events;
ALTER TABLE assignments DROP COLUMN spoken_seconds;
ALTER TABLE reviews DROP COLUMN agenda;
ALTER TABLE metrics DROP COLUMN aggregation;
