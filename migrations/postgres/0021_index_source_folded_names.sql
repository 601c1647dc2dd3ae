-- Accepting an article's proposed claims (Articles/ProposalWriter.cs) reuses the source whose
-- folded name (or alias: ix_source_aliases_folded, 0001) equals a proposed speaker's or relay's,
-- and an anonymous source once per folded phrase: look-ups by name_folded, kept off a full scan.
-- PostgreSQL dialect of migrations/0021_index_source_folded_names.sql (the same statement).
CREATE INDEX ix_sources_name_folded ON sources (name_folded);
