-- Tags on APIs, for the portal's catalog: partners search them and filter the catalog by one.
--
-- tags: lower-case words of letters, digits and dashes (1 to 32 characters), at most 10, each once, in the order the
--   admin gave them. management-service normalizes and checks them before it writes; the checks here are the last
--   line. Empty array: no tags.
-- The GIN index serves "APIs with this tag" (tags @> ARRAY['payments']).
ALTER TABLE apis ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE apis ADD CONSTRAINT apis_tags_check CHECK (
    cardinality(tags) <= 10
    AND array_to_string(tags, ',') ~ '^([a-z0-9-]{1,32}(,[a-z0-9-]{1,32})*)?$');
CREATE INDEX apis_tags_idx ON apis USING gin (tags);
