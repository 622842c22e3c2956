-- The OAuth client id an application's bearer tokens name (claim azp/client_id), so a gateway can find the
-- application, its subscriptions and its plan from a token. Optional; unique among applications when set.
ALTER TABLE applications ADD COLUMN oauth_client_id text
    CHECK (oauth_client_id IS NULL OR (length(oauth_client_id) BETWEEN 1 AND 200 AND oauth_client_id !~ '\s'));
CREATE UNIQUE INDEX applications_oauth_client_id_key ON applications (oauth_client_id) WHERE oauth_client_id IS NOT NULL;
