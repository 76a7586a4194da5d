ALTER TABLE team_settings DROP COLUMN reminder_days;
ALTER TABLE reviews DROP COLUMN deadline_days;
ALTER TABLE assignments DROP COLUMN reminded_at;
ALTER TABLE assignments DROP COLUMN owner_brief;
DROP TABLE presentations;
DROP TABLE presentation_templates;
