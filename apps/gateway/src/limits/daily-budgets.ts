import type { CallerIdentity, CallLimits } from '@gatehouse/policy';
import type { BudgetType } from '../metrics/gateway-metrics.js';
import { retryAfterSeconds, type CallRefusal } from './call-refusal.js';
import type { RedisLink } from './redis-link.js';
import { msUntilUtcMidnight, utcDay } from './utc-day.js';

/**
 * Checks both budgets, then counts the call in both, in one step: a refused call costs nothing.
 * KEYS: calls counter, cost counter. ARGV: call budget ('' = none), cost budget ('' = none),
 * this call's cost, expiry (unix seconds).
 */
const CHECK_AND_COUNT = `
local calls = tonumber(redis.call('GET', KEYS[1]) or '0')
local spent = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[1] ~= '' and calls + 1 > tonumber(ARGV[1]) then return 'calls' end
if ARGV[2] ~= '' and spent + tonumber(ARGV[3]) > tonumber(ARGV[2]) then return 'cost' end
redis.call('INCR', KEYS[1])
redis.call('EXPIREAT', KEYS[1], ARGV[4])
redis.call('INCRBYFLOAT', KEYS[2], ARGV[3])
redis.call('EXPIREAT', KEYS[2], ARGV[4])
return 'ok'
`;

/** Counters are kept a day past their own, so a late reader still sees yesterday's totals. */
const KEEP_AFTER_MIDNIGHT_S = 86_400;

export type BudgetOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly refusal: CallRefusal; readonly budget?: BudgetType };

/**
 * Daily per-tenant call and cost budgets (UTC days), counted in Redis across the fleet. While
 * Redis is unreachable a fail-open tenant is counted on the node alone; a fail-closed one is
 * refused. Without Redis at all, the node's own counters are the budget.
 */
export class DailyBudgets {
  /** Node-local counters: `<tenant>|<day>` → [calls, cost]. */
  readonly #local = new Map<string, [number, number]>();

  constructor(
    private readonly keyPrefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async charge(
    identity: CallerIdentity,
    limits: CallLimits,
    link: RedisLink | undefined,
  ): Promise<BudgetOutcome> {
    const { dailyCallBudget, dailyCostBudget } = limits;
    if (dailyCallBudget === undefined && dailyCostBudget === undefined) return { ok: true };
    const now = this.now();
    const day = utcDay(now);
    let verdict: string;
    if (link === undefined) {
      verdict = this.#chargeLocally(identity.tenant, day, limits);
    } else {
      try {
        const prefix = `${this.keyPrefix}budget:${identity.tenant}:`;
        const expireAt = Math.ceil((now + msUntilUtcMidnight(now)) / 1000) + KEEP_AFTER_MIDNIGHT_S;
        verdict = String(
          await link.client.eval(
            CHECK_AND_COUNT,
            2,
            `${prefix}calls:${day}`,
            `${prefix}cost:${day}`,
            dailyCallBudget === undefined ? '' : String(dailyCallBudget),
            dailyCostBudget === undefined ? '' : String(dailyCostBudget),
            String(limits.cost),
            String(expireAt),
          ),
        );
      } catch {
        if (limits.redisFailMode === 'closed') {
          return {
            ok: false,
            refusal: {
              reason: 'limits_unavailable',
              limit: 'shared_limits_unavailable',
              status: 503,
              retryAfterSeconds: 2,
              message:
                'the shared budget store is unreachable and this tenant is configured to fail closed; retry shortly',
            },
          };
        }
        verdict = this.#chargeLocally(identity.tenant, day, limits);
      }
    }
    if (verdict === 'ok') return { ok: true };
    const seconds = retryAfterSeconds(msUntilUtcMidnight(now));
    const budget: BudgetType = verdict === 'cost' ? 'cost' : 'calls';
    const message =
      budget === 'calls'
        ? `daily call budget of ${String(dailyCallBudget)} calls for your tenant is used up; it resets at 00:00 UTC (in ${seconds} s)`
        : `daily cost budget of ${String(dailyCostBudget)} for your tenant is used up (this tool costs ${limits.cost}); it resets at 00:00 UTC (in ${seconds} s)`;
    return {
      ok: false,
      budget,
      refusal: {
        reason: 'budget_exceeded',
        limit: budget === 'calls' ? 'daily_call_budget' : 'daily_cost_budget',
        status: 429,
        retryAfterSeconds: seconds,
        message,
      },
    };
  }

  #chargeLocally(tenant: string, day: string, limits: CallLimits): string {
    const key = `${tenant}|${day}`;
    let counters = this.#local.get(key);
    if (counters === undefined) {
      // A new day: yesterday's local counters are of no further use.
      for (const old of this.#local.keys())
        if (old.startsWith(`${tenant}|`)) this.#local.delete(old);
      counters = [0, 0];
      this.#local.set(key, counters);
    }
    if (limits.dailyCallBudget !== undefined && counters[0] + 1 > limits.dailyCallBudget)
      return 'calls';
    if (limits.dailyCostBudget !== undefined && counters[1] + limits.cost > limits.dailyCostBudget)
      return 'cost';
    counters[0] += 1;
    counters[1] += limits.cost;
    return 'ok';
  }
}
