/**
 * The Lua scripts of the Redis locks. Each runs atomically on the server, so every decision
 * (grant, renew, release) reads and writes the lock's keys in one step that no other client
 * can interleave with. Time is the server's (`TIME`), never a client clock, so clients whose
 * clocks disagree still agree on who holds the lock.
 *
 * Keys of a lock whose `key` is `K` (one hash tag, so they live in one Redis Cluster slot):
 *
 * | key | type | holds |
 * | --- | --- | --- |
 * | `{K}:writer` | string with `PX` | the exclusive holder's owner id; expires with its lease |
 * | `{K}:readers` | sorted set | shared holders: owner id → lease end (server ms) |
 * | `{K}:queue` | sorted set | waiting writers: owner id → arrival (server ms), oldest first |
 * | `{K}:queue-expiry` | sorted set | waiting writers: owner id → when their intent lapses |
 * | `{K}:fence` | string | the last fencing token issued |
 *
 * A waiting writer keeps its place in `queue` by retrying before its intent lapses; a writer
 * whose process died drops out when its intent lapses. Readers are admitted only while no
 * writer holds the lock and none waits (writer preference); writers are admitted in queue
 * order (fair across processes) once no reader's lease is live.
 *
 * @packageDocumentation
 */

/** Issues the next fencing token (`token`), seeding the counter with the server time when it is missing. */
const FENCE = `
  local token = redis.call('INCR', KEYS[5])
  if token == 1 then
    local clock = redis.call('TIME')
    token = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
    redis.call('SET', KEYS[5], string.format('%.0f', token))
  end`;

/**
 * KEYS: writer, readers, queue, queue-expiry, fence. ARGV: owner, mode (`x` or `s`), leaseMs.
 * Returns `{1, token}` when granted (token 0 for a shared hold), or `{0, hintMs}`: refused,
 * with how long until the blocking lease or intent runs out (a bound on the wait when no
 * wake-up message comes).
 *
 * The fast path (nothing to wait for: the keys that could block do not exist) is three
 * commands; everything else first prunes lapsed readers and intents. The fencing counter is
 * seeded with the server time in microseconds when it is missing (a fresh lock, or a restart
 * that lost the data), so tokens keep increasing across restarts as long as fewer than one
 * grant per microsecond was issued.
 */
export const ACQUIRE = `
local owner, lease = ARGV[1], tonumber(ARGV[3])
local function fence()
${FENCE}
  redis.call('SET', KEYS[1], owner, 'PX', lease)
  return token
end
local function admitReader(now)
  redis.call('ZADD', KEYS[2], now + lease, owner)
  if redis.call('PTTL', KEYS[2]) < lease then redis.call('PEXPIRE', KEYS[2], lease) end
  return {1, 0}
end
local function serverNow()
  local clock = redis.call('TIME')
  return tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end
if ARGV[2] == 'x' then
  if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) == 0 then return {1, fence()} end
elseif redis.call('EXISTS', KEYS[1], KEYS[3]) == 0 then
  return admitReader(serverNow())
end
local now = serverNow()
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. now)
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. now)
for i = 1, #lapsed do redis.call('ZREM', KEYS[3], lapsed[i]) end
if #lapsed > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. now) end
local writer = redis.call('GET', KEYS[1])
local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
if ARGV[2] == 'x' then
  if not writer and redis.call('ZCARD', KEYS[2]) == 0 and (head == nil or head == owner) then
    if head == owner then
      redis.call('ZREM', KEYS[3], owner)
      redis.call('ZREM', KEYS[4], owner)
    end
    return {1, fence()}
  end
  redis.call('ZADD', KEYS[3], 'NX', now, owner)
  redis.call('ZADD', KEYS[4], now + lease, owner)
  redis.call('PEXPIRE', KEYS[3], lease * 2)
  redis.call('PEXPIRE', KEYS[4], lease * 2)
  if head == nil then head = owner end
elseif not writer and head == nil then
  return admitReader(now)
end
local hint = lease
if writer then
  hint = redis.call('PTTL', KEYS[1])
elseif head ~= owner then
  local lapse = redis.call('ZSCORE', KEYS[4], head)
  if lapse then hint = tonumber(lapse) - now end
else
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if first[2] then hint = tonumber(first[2]) - now end
end
return {0, hint}
`;

/**
 * KEYS: writer, readers. ARGV: owner, mode (`x` or `s`), leaseMs. Extends the lease if
 * `owner` still holds the lock; returns 1, or 0 when it does not (the hold is lost).
 */
export const RENEW = `
local owner, lease = ARGV[1], tonumber(ARGV[3])
if ARGV[2] == 'x' then
  if redis.call('GET', KEYS[1]) == owner then
    redis.call('PEXPIRE', KEYS[1], lease)
    return 1
  end
  return 0
end
if not redis.call('ZSCORE', KEYS[2], owner) then return 0 end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZADD', KEYS[2], now + lease, owner)
if redis.call('PTTL', KEYS[2]) < lease then redis.call('PEXPIRE', KEYS[2], lease) end
return 1
`;

/**
 * KEYS: writer, readers, queue, queue-expiry. ARGV: owner, channel. Drops whatever `owner`
 * has (its exclusive hold, its shared hold, its place in the writers' queue): the release of
 * a hold, and the clean-up after a waiter gave up or an attempt's reply was lost. Then, if
 * that may let someone in, publishes on `channel` who may go: the first queued writer's owner
 * id when no reader remains, or `*` (anyone) when no writer waits and readers may be waiting
 * (for the writer that just left). Returns 1 if `owner` held the lock (so it held it
 * continuously until now), 0 otherwise. It does not prune lapsed intents (the next attempt
 * does): a message to a writer that died only costs the others their back-off timer.
 */
export const RELEASE = `
local owner = ARGV[1]
local wasWriter = redis.call('GET', KEYS[1]) == owner
local held = 0
if wasWriter then
  redis.call('DEL', KEYS[1])
  held = 1
elseif redis.call('ZREM', KEYS[2], owner) == 1 then
  held = 1
end
local queued = 0
local waiting = redis.call('EXISTS', KEYS[3]) == 1
if waiting then
  queued = redis.call('ZREM', KEYS[3], owner)
  redis.call('ZREM', KEYS[4], owner)
  waiting = redis.call('EXISTS', KEYS[3]) == 1
end
if held == 0 and queued == 0 then return 0 end
if not wasWriter and redis.call('EXISTS', KEYS[1]) == 1 then return held end
if waiting then
  if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('PUBLISH', ARGV[2], redis.call('ZRANGE', KEYS[3], 0, 0)[1]) end
elseif wasWriter or queued == 1 then
  redis.call('PUBLISH', ARGV[2], '*')
end
return held
`;

/**
 * KEYS: writer, readers, queue, queue-expiry, fence (as `ACQUIRE`). ARGV: owner, next owner,
 * leaseMs. Passes an exclusive hold straight to the next exclusive call of the same process
 * (one round trip instead of a release and an acquisition): if `owner` still holds the lock,
 * `next` holds it now, with a new fencing token and a fresh lease. Returns the token, or 0 if
 * `owner` no longer held it.
 */
export const HAND_OVER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
${FENCE}
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return token
`;
