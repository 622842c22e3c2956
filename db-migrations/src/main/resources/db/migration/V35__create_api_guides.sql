-- Markdown guide pages of an API version, shown in the developer portal next to its OpenAPI
-- reference. Written by management (admin API); the portal renders them through its sanitizer.
CREATE TABLE api_guides (
    id          uuid PRIMARY KEY,
    api_id      uuid        NOT NULL REFERENCES apis (id) ON DELETE CASCADE,
    slug        text        NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    markdown    text        NOT NULL CHECK (length(markdown) <= 200000),
    position    integer     NOT NULL DEFAULT 0 CHECK (position BETWEEN 0 AND 10000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (api_id, slug)
);
