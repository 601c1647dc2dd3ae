-- Only a SHA-256 hash of each secret is kept; the secret is shown once, when the key is made.
CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    key_hash   TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- keys are revoked, not removed, so the audit log keeps naming who wrote what
    revoked_at TEXT
);
