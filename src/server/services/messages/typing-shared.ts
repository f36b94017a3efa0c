// Who is typing, kept in Redis for every instance (REDIS_URL): one sorted set of "chatId:userId"
// scored by when each indicator runs out, so a stream on any instance can tell its client who
// is typing now. Times are Redis's own clock (TIME in the scripts), never an instance's. The
// stop timer stays with the instance where the typing started (typing.ts); it asks here whether
// someone refreshed the indicator meanwhile. Entries far past their time (their instance died
// before it could stop them) are dropped by the next start.
import type { Redis } from "ioredis";

export type SharedTyping = {
  /** Records typing that lasts `ms` from now; true when this starts it (it was not running). */
  start(member: string, ms: number): Promise<boolean>;
  /** Ends it now; true when it was recorded (whoever ends it announces the stop). */
  end(member: string): Promise<boolean>;
  /**
   * At the stop timer: ends it unless it was refreshed. The milliseconds it still has when it
   * was, 0 when it ended now, -1 when someone else ended it already.
   */
  expire(member: string): Promise<number>;
  /** Every "chatId:userId" typing now. */
  list(): Promise<string[]>;
};

/** How long past its time an entry that nobody stopped is kept. */
const ABANDONED_MS = 60_000;

const NOW = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

const START = `${NOW}
local old = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ${ABANDONED_MS})
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + ${ABANDONED_MS})
if old and old > now then return 0 end
return 1`;

const EXPIRE = `${NOW}
local score = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not score then return -1 end
if score > now then return score - now end
redis.call('ZREM', KEYS[1], ARGV[1])
return 0`;

const LIST = `${NOW}
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')`;

/** `keyPrefix` starts the key; tests give each file its own. */
export function redisTyping(redis: Redis, keyPrefix = "relay:"): SharedTyping {
  const key = `${keyPrefix}typing`;
  return {
    async start(member, ms) {
      return Number(await redis.eval(START, 1, key, member, Math.round(ms))) === 1;
    },
    async end(member) {
      return (await redis.zrem(key, member)) > 0;
    },
    async expire(member) {
      return Number(await redis.eval(EXPIRE, 1, key, member));
    },
    async list() {
      return (await redis.eval(LIST, 1, key)) as string[];
    },
  };
}
