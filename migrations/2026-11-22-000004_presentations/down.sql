ALTER TABLE team_settings DROP COLUMN reminder_days;
ALTER TABLE reviews DROP COLUMN deadline_days;
DROP INDEX assignments_link_token;
ALTER TABLE assignments DROP COLUMN reminded_at;
ALTER TABLE assignments DROP COLUMN link_token_hash;
ALTER TABLE assignments DROP COLUMN owner_brief;
DROP TABLE presentations;
DROP TABLE presentation_templates;
