import type { RateLimitConfig, RedisFailMode } from '@gatehouse/contracts';
import type { CallerIdentity, CallLimits } from '@gatehouse/policy';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { retryAfterSeconds, type CallRefusal, type LimitId } from './call-refusal.js';
import type { RedisLink } from './redis-link.js';

interface Scope {
  readonly limit: LimitId;
  readonly config: RateLimitConfig;
  /** The counter's key under `<prefix>rl:`: always starts with the tenant. */
  readonly key: string;
  readonly noun: string;
}

/**
 * Rate limits per tenant, per client and per client+tool, counted in Redis across the fleet
 * (rate-limiter-flexible, atomic). With fail mode `open` a node-local limiter of the same size
 * stands in while Redis is unreachable; with `closed` the call is refused. Without Redis at all
 * (a single DB-less node) the node-local limiter is the limit.
 */
export class RateLimits {
  readonly #limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly keyPrefix: string) {}

  /**
   * Consumes one point from each limit the call takes, all at once (one round trip, pipelined
   * with other calls' commands); the narrowest exhausted limit refuses. A refused call still
   * counts against the other limits it was checked against, as it does against its own.
   */
  async consume(
    identity: CallerIdentity,
    limits: CallLimits,
    toolKey: string,
    link: RedisLink | undefined,
  ): Promise<CallRefusal | undefined> {
    const scopes = scopesOf(identity, limits, toolKey);
    if (scopes.length === 0) return undefined;
    const outcomes = await Promise.allSettled(
      scopes.map((scope) =>
        this.#limiter(scope.config, limits.redisFailMode, link).consume(scope.key, 1),
      ),
    );
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') continue;
      const scope = scopes[index] as Scope;
      const rejection: unknown = outcome.reason;
      if (rejection instanceof RateLimiterRes) {
        const seconds = retryAfterSeconds(rejection.msBeforeNext);
        return {
          reason: 'rate_limited',
          limit: scope.limit,
          status: 429,
          retryAfterSeconds: seconds,
          message: `rate limit exceeded: ${scope.noun} allows ${scope.config.points} calls per ${scope.config.windowSeconds} s; retry after ${seconds} s`,
        };
      }
      return {
        reason: 'limits_unavailable',
        limit: 'shared_limits_unavailable',
        status: 503,
        retryAfterSeconds: 2,
        message:
          'the shared rate-limit store is unreachable and this tenant is configured to fail closed; retry shortly',
      };
    }
    return undefined;
  }

  #limiter(
    config: RateLimitConfig,
    failMode: RedisFailMode,
    link: RedisLink | undefined,
  ): RateLimiterAbstract {
    const id = `${link?.url ?? 'local'}|${failMode}|${config.points}|${config.windowSeconds}`;
    const existing = this.#limiters.get(id);
    if (existing !== undefined) return existing;
    const keyPrefix = `${this.keyPrefix}rl`;
    const local = new RateLimiterMemory({
      keyPrefix,
      points: config.points,
      duration: config.windowSeconds,
    });
    const limiter =
      link === undefined
        ? local
        : new RateLimiterRedis({
            storeClient: link.client,
            keyPrefix,
            points: config.points,
            duration: config.windowSeconds,
            rejectIfRedisNotReady: true,
            ...(failMode === 'open' ? { insuranceLimiter: local } : {}),
          });
    this.#limiters.set(id, limiter);
    return limiter;
  }
}

function scopesOf(identity: CallerIdentity, limits: CallLimits, toolKey: string): Scope[] {
  const scopes: Scope[] = [];
  const { tenant, client } = identity;
  if (limits.toolRateLimit !== undefined) {
    scopes.push({
      limit: 'tool_rate_limit',
      config: limits.toolRateLimit,
      key: `${tenant}:ct:${client}:${toolKey}`,
      noun: 'this tool, for your client,',
    });
  }
  if (limits.clientRateLimit !== undefined) {
    scopes.push({
      limit: 'client_rate_limit',
      config: limits.clientRateLimit,
      key: `${tenant}:c:${client}`,
      noun: 'your client',
    });
  }
  if (limits.tenantRateLimit !== undefined) {
    scopes.push({
      limit: 'tenant_rate_limit',
      config: limits.tenantRateLimit,
      key: `${tenant}:t`,
      noun: 'your tenant',
    });
  }
  return scopes;
}
