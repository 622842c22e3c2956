-- The API catalog: an API version with its lifecycle, the routes the gateway matches, and the
-- upstream targets it forwards to.
CREATE TABLE apis (
    id                uuid PRIMARY KEY,
    name              text        NOT NULL,
    slug              text        NOT NULL,
    version           text        NOT NULL DEFAULT 'v1',
    description       text        NOT NULL DEFAULT '',
    lifecycle         text        NOT NULL DEFAULT 'draft'
                      CHECK (lifecycle IN ('draft', 'published', 'deprecated', 'retired')),
    owner_subject     text,
    openapi_document  text,
    sunset_at         timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (slug, version)
);
CREATE INDEX apis_lifecycle_idx ON apis (lifecycle);

CREATE TABLE api_routes (
    id                   uuid PRIMARY KEY,
    api_id               uuid        NOT NULL REFERENCES apis (id) ON DELETE CASCADE,
    path_prefix          text        NOT NULL CHECK (path_prefix LIKE '/%'),
    host                 text,
    -- Comma-separated upper-case HTTP methods; NULL means every method.
    methods              text,
    strip_prefix         boolean     NOT NULL DEFAULT true,
    connect_timeout_ms   integer     NOT NULL DEFAULT 2000 CHECK (connect_timeout_ms > 0),
    response_timeout_ms  integer     NOT NULL DEFAULT 30000 CHECK (response_timeout_ms > 0),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX api_routes_match_unique ON api_routes (coalesce(host, ''), path_prefix);
CREATE INDEX api_routes_api_idx ON api_routes (api_id);

CREATE TABLE upstream_targets (
    id          uuid PRIMARY KEY,
    api_id      uuid        NOT NULL REFERENCES apis (id) ON DELETE CASCADE,
    url         text        NOT NULL,
    weight      integer     NOT NULL DEFAULT 1 CHECK (weight > 0),
    enabled     boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX upstream_targets_api_idx ON upstream_targets (api_id);
