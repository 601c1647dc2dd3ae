-- A source's affiliation (issue 17): another source it belongs to, a person's party or employer,
-- an outlet's owner or network. Chains are allowed, cycles are refused by the API. A source with
-- little evidence of its own borrows its prior from its affiliation's pooled record
-- (Credibility/CredibilityEngine.Priors.cs). The sources feed trigger of 0017 already notes every
-- update of a source, so the read model sees an affiliation change.
-- PostgreSQL dialect of migrations/0020_source_affiliations.sql (BIGINT).
ALTER TABLE sources ADD COLUMN affiliation_id BIGINT REFERENCES sources (id);
CREATE INDEX ix_sources_affiliation ON sources (affiliation_id, id) WHERE affiliation_id IS NOT NULL;
