DROP TABLE rotation_changes;
DROP TABLE assignments;
DROP TABLE review_absences;
DROP TABLE reviews;
DROP TABLE team_settings;
