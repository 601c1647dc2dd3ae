-- A ClaimReview import is idempotent by the review's url (ClaimReviews/ClaimReviewImporter.cs):
-- before writing a review it looks for a verdict with that url. Not unique: verdicts posted
-- directly may share a url (one fact-check page rating several claims).
-- PostgreSQL dialect of migrations/0013_index_verdict_urls.sql (the same statement).
CREATE INDEX ix_verdicts_url ON verdicts (url) WHERE url IS NOT NULL;
