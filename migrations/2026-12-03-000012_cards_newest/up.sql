-- Every card, newest first (the API's card list without a kind): read from the index in
-- order instead of sorting all cards (the row id, the order's tie-break, is in every
-- index already).
CREATE INDEX cards_created ON cards (created_at);
