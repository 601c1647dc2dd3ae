-- The last belief pass, shared by the replicas of one database (Credibility/SharedBeliefs.cs):
-- several service processes follow one change feed; the pass runs on one of them at a time, under
-- an advisory lock, and leaves its result here with the feed position it is current to, so a
-- replica at that position takes it instead of computing it again. One row, replaced by each pass.
-- Dialect: BIGINT for INTEGER, BYTEA for BLOB, TEXT COLLATE "C".
CREATE TABLE belief_passes (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    position    BIGINT NOT NULL,
    computed_at TEXT COLLATE "C" NOT NULL,
    rounds      BIGINT NOT NULL,
    beliefs     BYTEA  NOT NULL,
    options     BYTEA  NOT NULL,
    estimates   BYTEA  NOT NULL
);
