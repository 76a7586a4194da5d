ALTER TABLE sessions DROP COLUMN sso_id_token;
DROP TABLE sso_identities;
