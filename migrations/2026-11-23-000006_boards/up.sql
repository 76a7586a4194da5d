-- Success and fail boards: cards, co-authors, kudos, and full-text search (FTS5).
CREATE TABLE cards (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('success', 'fail')),
    title TEXT NOT NULL,
    -- What we tried (Markdown).
    body TEXT NOT NULL DEFAULT '',
    -- What happened, with the numbers (Markdown).
    outcome TEXT NOT NULL DEFAULT '',
    -- What we learned (Markdown; required on a fail card).
    lesson TEXT NOT NULL DEFAULT '',
    metric_id INTEGER REFERENCES metrics (id) ON DELETE RESTRICT,
    month TEXT CHECK (month IS NULL OR length(month) = 7),
    author_id INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    -- The author hid their name from the team (fail cards only; managers still see it).
    anonymous BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX cards_kind_created ON cards (kind, created_at);
CREATE INDEX cards_metric ON cards (metric_id);
CREATE INDEX cards_author ON cards (author_id);
CREATE INDEX cards_month ON cards (month);

CREATE TABLE card_coauthors (
    card_id INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    PRIMARY KEY (card_id, member_id)
);

CREATE TABLE kudos (
    card_id INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (card_id, member_id)
);

CREATE VIRTUAL TABLE cards_fts USING fts5(title, body, outcome, lesson, content = 'cards', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER cards_fts_insert AFTER INSERT ON cards BEGIN
    INSERT INTO cards_fts (rowid, title, body, outcome, lesson) VALUES (new.id, new.title, new.body, new.outcome, new.lesson);
END;
CREATE TRIGGER cards_fts_delete AFTER DELETE ON cards BEGIN
    INSERT INTO cards_fts (cards_fts, rowid, title, body, outcome, lesson) VALUES ('delete', old.id, old.title, old.body, old.outcome, old.lesson);
END;
CREATE TRIGGER cards_fts_update AFTER UPDATE ON cards BEGIN
    INSERT INTO cards_fts (cards_fts, rowid, title, body, outcome, lesson) VALUES ('delete', old.id, old.title, old.body, old.outcome, old.lesson);
    INSERT INTO cards_fts (rowid, title, body, outcome, lesson) VALUES (new.id, new.title, new.body, new.outcome, new.lesson);
END;

-- Feed links are an HMAC of the member and this counter; bumping it revokes them.
ALTER TABLE members ADD COLUMN feed_nonce INTEGER NOT NULL DEFAULT 0;
