ALTER TABLE members DROP COLUMN feed_nonce;
DROP TRIGGER cards_fts_update;
DROP TRIGGER cards_fts_delete;
DROP TRIGGER cards_fts_insert;
DROP TABLE cards_fts;
DROP TABLE kudos;
DROP TABLE card_coauthors;
DROP TABLE cards;
