-- APIs with many routes: an explicit order per API, header conditions, and a path rewrite.
--
-- position: the admin's order of an API's routes (0 first). Among routes with the same prefix and host the gateway
--   tries the lower position first. Backfilled in creation order per API. Unique per API, checked at commit, so a
--   reorder can swap positions inside one transaction.
-- header_conditions: [{"name": "X-Variant", "value": "beta"}, {"name": "X-Debug"}]: every condition must hold;
--   names are case-insensitive, values exact; a condition without a value asks only that the header is present.
--   NULL: no condition.
-- rewrite_pattern / rewrite_replacement: a Java regex the path after the prefix must match in full, and its
--   replacement ($1 … $9). Both or neither, and never together with strip_prefix (a rewrite replaces the prefix).
ALTER TABLE api_routes ADD COLUMN position integer;
UPDATE api_routes r SET position = o.n
FROM (SELECT id, row_number() OVER (PARTITION BY api_id ORDER BY created_at, path_prefix, id) - 1 AS n
      FROM api_routes) o
WHERE o.id = r.id;
ALTER TABLE api_routes ALTER COLUMN position SET NOT NULL;
ALTER TABLE api_routes ALTER COLUMN position SET DEFAULT 0;
ALTER TABLE api_routes ADD CONSTRAINT api_routes_position_check CHECK (position >= 0);
ALTER TABLE api_routes ADD CONSTRAINT api_routes_api_position_unique UNIQUE (api_id, position)
    DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE api_routes ADD COLUMN header_conditions jsonb
    CHECK (header_conditions IS NULL OR jsonb_typeof(header_conditions) = 'array');

ALTER TABLE api_routes ADD COLUMN rewrite_pattern text;
ALTER TABLE api_routes ADD COLUMN rewrite_replacement text;
ALTER TABLE api_routes ADD CONSTRAINT api_routes_rewrite_check CHECK (
    (rewrite_pattern IS NULL) = (rewrite_replacement IS NULL)
    AND (rewrite_pattern IS NULL OR NOT strip_prefix));

-- Two routes may share host and prefix when their methods or headers differ; management refuses (409) only a
-- route whose host, prefix, methods and header conditions are all the same as another's.
DROP INDEX api_routes_match_unique;
CREATE INDEX api_routes_match_idx ON api_routes (path_prefix, coalesce(host, ''));
