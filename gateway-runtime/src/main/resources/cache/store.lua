-- Stores one variant of a URL in the shared response cache, atomically.
-- KEYS[1]  the URL's hash (one field per variant: consumer and Vary values)
-- ARGV[1]  the variant's field
-- ARGV[2]  the serialized entry (it carries its own generations, freshness and Vary values)
-- ARGV[3]  the entry's remaining freshness in milliseconds (> 0)
-- ARGV[4]  the most variants a URL keeps; a new variant beyond that starts the URL afresh
-- The key lives as long as its freshest variant: its TTL only ever grows. Readers skip stale variants.
-- Returns the number of variants the URL has now.
local ttl = tonumber(ARGV[3])
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return redis.call('HLEN', KEYS[1])
