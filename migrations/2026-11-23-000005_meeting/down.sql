DROP TABLE action_items;
DROP TABLE feedback;
ALTER TABLE team_settings DROP COLUMN anonymous_feedback;
ALTER TABLE assignments DROP COLUMN notes;
ALTER TABLE reviews DROP COLUMN opening_notes;
ALTER TABLE reviews DROP COLUMN slot_started_at;
ALTER TABLE reviews DROP COLUMN meeting_started_at;
ALTER TABLE reviews DROP COLUMN current_slot;
