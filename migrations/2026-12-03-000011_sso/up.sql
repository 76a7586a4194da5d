-- Single sign-on: the provider's identity (issuer + subject) linked to one member at
-- their first sign-in, and used from then on (a changed email at the provider neither
-- locks them out nor lets someone else in).
CREATE TABLE sso_identities (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL UNIQUE REFERENCES members (id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The verified email the provider gave when the link was made.
    email TEXT NOT NULL,
    linked_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    UNIQUE (issuer, subject)
);

-- A session started through the provider keeps its ID token, so that signing out can
-- end the provider's session too (RP-initiated logout's id_token_hint).
ALTER TABLE sessions ADD COLUMN sso_id_token TEXT;
