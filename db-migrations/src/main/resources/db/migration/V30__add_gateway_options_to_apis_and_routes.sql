-- Optional gateway behaviour per API (cors, ipAccess, healthCheck, circuitBreaker) and per route
-- (maxRequestBodyBytes, requestHeaders, responseHeaders, maxRetries, cache), in the shapes of
-- docs/gateway-config-snapshot.md. Validated by management before it is written; NULL = gateway defaults.
ALTER TABLE apis       ADD COLUMN gateway_options jsonb CHECK (jsonb_typeof(gateway_options) = 'object');
ALTER TABLE api_routes ADD COLUMN gateway_options jsonb CHECK (jsonb_typeof(gateway_options) = 'object');
