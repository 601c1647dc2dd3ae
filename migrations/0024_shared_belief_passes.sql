-- The last belief pass, shared by the replicas of one database (Credibility/SharedBeliefs.cs). On
-- PostgreSQL several service processes follow one change feed; the pass runs on one of them at a
-- time, under an advisory lock, and leaves its result here with the feed position it is current
-- to, so a replica at that position takes it instead of computing it again. One row, replaced by
-- each pass. SQLite has one process per file and never reads it; the table is here so both
-- stores' schemas stay step for step the same.
CREATE TABLE belief_passes (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    position    INTEGER NOT NULL,
    computed_at TEXT    NOT NULL,
    rounds      INTEGER NOT NULL,
    -- float32 per claim id, little-endian: the claim's belief, and its option's
    beliefs     BLOB    NOT NULL,
    options     BLOB    NOT NULL,
    -- per subject with an estimate: the winning option's first claim (int64), its value and belief
    -- (float64) and whether it is a categorical answer (one byte)
    estimates   BLOB    NOT NULL
);
