-- When an API was deprecated: gateways announce it in the Deprecation header (RFC 9745), which
-- carries the moment of deprecation, next to Sunset (RFC 8594) from sunset_at.
ALTER TABLE apis ADD COLUMN deprecated_at timestamptz;
