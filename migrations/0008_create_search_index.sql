-- Full-text indexes over folded text (Text/TextFold.cs); rowid is the claim or article id.
-- The writers keep them in step inside the same transaction as the row.
CREATE VIRTUAL TABLE claims_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2');
