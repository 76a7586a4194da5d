-- "Most celebrated this month" reads the month's kudos only.
CREATE INDEX kudos_created ON kudos (created_at, card_id);
