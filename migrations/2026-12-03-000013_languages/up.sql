-- The language each person reads the app and their mail in; NULL is the installation's
-- (KPI_LANGUAGE), so changing that setting moves everyone who never chose.
ALTER TABLE members ADD COLUMN language TEXT CHECK (language IN ('en', 'sv', 'da', 'id'));
