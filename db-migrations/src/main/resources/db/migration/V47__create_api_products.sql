-- API products: what a plan grants. A product groups one or more APIs, each whole or restricted to chosen routes and
-- methods; plans belong to a product, and a subscription to a plan grants exactly what its product grants.
--
-- products.home_api_id: set on the product made for one API (by this backfill, or by the admin endpoints that create a
--   plan for an API): where a plan created "for an API" goes. At most one per API.
-- product_apis.route_ids / methods: empty array = every route / every method of that API. route_ids are ids of the
--   API's routes (an array cannot hold foreign keys: management removes a route from it when the route goes, and
--   refuses to empty it that way); methods are upper-case tokens.
-- plans.api_id stays, nullable now: the product's API when the product grants exactly one API, else NULL
--   (management keeps it so). subscriptions.api_id stays NOT NULL: the first API the product grants, by id.
CREATE TABLE products (
    id           uuid PRIMARY KEY,
    slug         text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description  text        NOT NULL DEFAULT '',
    home_api_id  uuid        UNIQUE REFERENCES apis (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE product_apis (
    product_id  uuid   NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    api_id      uuid   NOT NULL REFERENCES apis (id) ON DELETE RESTRICT,
    route_ids   uuid[] NOT NULL DEFAULT '{}',
    methods     text[] NOT NULL DEFAULT '{}'
                CHECK (array_to_string(methods, ',') ~ '^([A-Z]{1,20}(,[A-Z]{1,20})*)?$'),
    PRIMARY KEY (product_id, api_id)
);
CREATE INDEX product_apis_api_idx ON product_apis (api_id);

ALTER TABLE plans ADD COLUMN product_id uuid REFERENCES products (id) ON DELETE RESTRICT;

-- Backfill: one product per API that has plans, granting the whole API; every plan points to its API's product.
-- Slug: the API's slug and version (unique together), made a slug; the id's head breaks any tie.
INSERT INTO products (id, slug, name, description, home_api_id, created_at, updated_at)
SELECT gen_random_uuid(),
       CASE WHEN count(*) OVER (PARTITION BY s.slug) = 1 THEN s.slug ELSE s.slug || '-' || left(s.id::text, 8) END,
       s.name, s.description, s.id, now(), now()
FROM (SELECT a.id, a.name || ' ' || a.version AS name, a.description,
             trim(BOTH '-' FROM left(regexp_replace(lower(a.slug || '-' || a.version), '[^a-z0-9]+', '-', 'g'), 70)) AS slug
      FROM apis a
      WHERE EXISTS (SELECT 1 FROM plans p WHERE p.api_id = a.id)) s;

INSERT INTO product_apis (product_id, api_id)
SELECT id, home_api_id FROM products;

UPDATE plans p SET product_id = pr.id FROM products pr WHERE pr.home_api_id = p.api_id;

ALTER TABLE plans ALTER COLUMN product_id SET NOT NULL;
ALTER TABLE plans ALTER COLUMN api_id DROP NOT NULL;
CREATE INDEX plans_product_idx ON plans (product_id);
