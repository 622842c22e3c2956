-- The developer portal's branding (issue 17, item 5): one row, written by management's admin API and console,
-- read by the portal through management's developer API. No row: the portal's own defaults (today's look).
--
-- portal_name / primary_colour: NULL means the portal's default. The colour is always '#rrggbb', lower case.
-- footer_links: [{"label": "Status", "url": "https://status.example.com"}, {"label": "Terms", "url": "/terms"}];
--   at most 10, each checked by management (absolute http(s) URL or site-relative path).
-- stylesheet: an optional stylesheet the portal serves as text/css after its own (at most 64 KiB, checked by management).
-- logo / logo_content_type: PNG, JPEG or WebP, at most 256 KiB, the type sniffed from the bytes. Both or neither.
-- version: raised by every change; the portal puts it in its asset URLs and fetches the logo and stylesheet again only
--   when it changes.
CREATE TABLE portal_branding (
    id                smallint PRIMARY KEY CHECK (id = 1),
    portal_name       text,
    primary_colour    text CHECK (primary_colour ~ '^#[0-9a-f]{6}$'),
    footer_links      jsonb NOT NULL DEFAULT '[]',
    stylesheet        text CHECK (octet_length(stylesheet) <= 65536),
    logo              bytea CHECK (octet_length(logo) <= 262144),
    logo_content_type text CHECK (logo_content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    version           bigint NOT NULL CHECK (version > 0),
    updated_at        timestamptz NOT NULL,
    CHECK ((logo IS NULL) = (logo_content_type IS NULL))
);
