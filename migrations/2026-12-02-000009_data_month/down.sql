DROP TABLE meeting_value_writes;
ALTER TABLE presentations DROP COLUMN owner_asked_at;
ALTER TABLE team_settings DROP COLUMN number_format;
ALTER TABLE team_settings DROP COLUMN currency;
ALTER TABLE reviews DROP COLUMN data_month;
