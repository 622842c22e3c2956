-- Gatehouse limiter: decide and count in one atomic step, on Redis' own clock.
--
-- Grants up to ARGV[1] permits (asked > 0) against every window of a plan at once, or gives
-- back -ARGV[1] unspent permits (asked < 0). A permit is only granted when every window has room,
-- and is charged to every window, so a cluster can never admit more than any window allows.
--
-- KEYS[i]   one key per window (rate windows: a hash; quota windows: a counter whose key names
--           the calendar window, e.g. ...:month:2026-11)
-- ARGV[1]   asked: permits wanted (>= 1; a lease takes as many as fit, up to this), or permits
--           given back (<= -1)
-- then per window i, three values starting at ARGV[2 + 3*(i-1)]:
--   kind    'r' (rate: GCRA plus a cap per aligned window) or 'q' (calendar quota)
--   limit   requests per window
--   span    rate: the window in ms; quota: the window's end as epoch ms (computed by the gateway
--           in the plan's time zone)
--
-- Rate windows are a GCRA token bucket (capacity = limit, refilled at limit per window, no burst
-- of 2x at window edges) AND at most `limit` per aligned window (second, minute, hour from epoch),
-- so "100 per minute" is never more than 100 in any clock minute.
--
-- Returns { granted, retry_ms, denied_window (1-based, 0 if none), lease_ms, remaining_1, reset_ms_1, ... }
-- where lease_ms is the time until the first rate window ends (a permit granted now must be
-- spent before then: it was charged to the current windows; -1 without rate windows: the gateway
-- bounds leases by its quota windows itself), remaining_i is what window i still allows after this
-- call and reset_ms_i is the time until window i is full again (rate) or resets (quota, on Redis'
-- clock; the gateway recomputes it on its own clock, which chose the calendar window).

local t = redis.call('TIME')
local now_us = tonumber(t[1]) * 1000000 + tonumber(t[2])
local now_ms = math.floor(now_us / 1000)
local asked = tonumber(ARGV[1])
local n = #KEYS

local kind, limit, span, tat, wid, used, interval = {}, {}, {}, {}, {}, {}, {}
local fit = asked
for i = 1, n do
  local a = 2 + 3 * (i - 1)
  kind[i] = ARGV[a]
  limit[i] = tonumber(ARGV[a + 1])
  span[i] = tonumber(ARGV[a + 2])
  if kind[i] == 'r' then
    local span_us = span[i] * 1000
    interval[i] = span_us / limit[i]
    local h = redis.call('HMGET', KEYS[i], 'tat', 'wid', 'used')
    tat[i] = tonumber(h[1]) or now_us
    if tat[i] < now_us then tat[i] = now_us end
    wid[i] = math.floor(now_ms / span[i])
    used[i] = 0
    if tonumber(h[2]) == wid[i] then used[i] = tonumber(h[3]) or 0 end
    local by_bucket = math.floor((now_us + span_us - tat[i]) / interval[i] + 1e-9)
    local room = math.min(by_bucket, limit[i] - used[i])
    if room < fit then fit = room end
  else
    used[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
    local room = limit[i] - used[i]
    if room < fit then fit = room end
  end
end

local out = {}
if asked < 0 then
  -- Give back unspent permits: never below zero, never into a window other than the current one.
  local back = -asked
  for i = 1, n do
    if kind[i] == 'r' then
      local h = redis.call('HMGET', KEYS[i], 'wid')
      if tonumber(h[1]) == wid[i] then
        local new_tat = math.max(now_us, tat[i] - back * interval[i])
        local new_used = math.max(0, used[i] - back)
        redis.call('HSET', KEYS[i], 'tat', string.format('%.0f', new_tat), 'used', new_used)
      end
    elseif used[i] > 0 then
      redis.call('DECRBY', KEYS[i], math.min(back, used[i]))
    end
  end
  return { 0, 0, 0, 0 }
end

local granted = 0
if fit >= 1 then granted = fit end

local retry_ms = 0
local denied = 0
local lease_ms = -1
for i = 1, n do
  local remaining, reset_ms
  if kind[i] == 'r' then
    local span_us = span[i] * 1000
    local window_end_ms = (wid[i] + 1) * span[i]
    if granted > 0 then
      tat[i] = tat[i] + granted * interval[i]
      used[i] = used[i] + granted
      redis.call('HSET', KEYS[i], 'tat', string.format('%.0f', math.ceil(tat[i])), 'wid', wid[i], 'used', used[i])
      redis.call('PEXPIRE', KEYS[i], span[i] * 2 + 1000)
    else
      -- How long until one permit fits this window: the bucket refills one interval, the aligned
      -- window cap lifts at the window's end.
      local wait_us = 0
      local by_bucket = math.floor((now_us + span_us - tat[i]) / interval[i] + 1e-9)
      if by_bucket < 1 then wait_us = tat[i] + interval[i] - span_us - now_us end
      if limit[i] - used[i] < 1 then wait_us = math.max(wait_us, (window_end_ms - now_ms) * 1000) end
      local wait_ms = math.ceil(wait_us / 1000)
      if wait_ms > retry_ms then
        retry_ms = wait_ms
        denied = i
      end
    end
    local left = math.floor((now_us + span_us - tat[i]) / interval[i] + 1e-9)
    remaining = math.max(0, math.min(left, limit[i] - used[i]))
    if lease_ms < 0 or window_end_ms - now_ms < lease_ms then lease_ms = window_end_ms - now_ms end
    -- Reset: when the window allows its full limit again (bucket full and a fresh aligned window).
    reset_ms = math.ceil(math.max(0, tat[i] - now_us) / 1000)
    if used[i] > 0 then reset_ms = math.max(reset_ms, window_end_ms - now_ms) end
  else
    if granted > 0 then
      used[i] = redis.call('INCRBY', KEYS[i], granted)
      -- The window's end comes from the gateway's clock, Redis judges expiry by its own: a relative
      -- expiry of at least a day past the later of the two can never lie in the past, so a gateway
      -- clock behind Redis' (by any amount) never deletes a counter as it is written.
      redis.call('PEXPIRE', KEYS[i], math.max(0, span[i] - now_ms) + 86400000)
    elseif limit[i] - used[i] < 1 then
      local wait_ms = math.max(0, span[i] - now_ms)
      if wait_ms > retry_ms then
        retry_ms = wait_ms
        denied = i
      end
    end
    remaining = math.max(0, limit[i] - used[i])
    reset_ms = math.max(0, span[i] - now_ms)
  end
  out[3 + 2 * i] = remaining
  out[4 + 2 * i] = reset_ms
end
out[1] = granted
out[2] = retry_ms
out[3] = denied
out[4] = lease_ms
return out
