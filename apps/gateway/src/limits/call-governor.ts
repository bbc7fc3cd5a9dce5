import type { RedisConfig } from '@gatehouse/contracts';
import type { CallerIdentity, CallLimits } from '@gatehouse/policy';
import type { Logger } from 'pino';
import type { JsonRpcId } from '../jsonrpc/jsonrpc-message.js';
import { jsonReply, type DownstreamReply } from '../mcp/downstream-reply.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { CallDeadline } from './call-deadline.js';
import {
  deadlineError,
  refusalReply,
  retryAfterSeconds,
  type CallRefusal,
} from './call-refusal.js';
import { CircuitBreakers } from './circuit-breakers.js';
import { GateRefusedError } from './concurrency-gate.js';
import { ConcurrencyGates } from './concurrency-gates.js';
import { DailyBudgets } from './daily-budgets.js';
import { governStream, verdictOf, type CallVerdict } from './governed-stream.js';
import { RateLimits } from './rate-limits.js';
import { RedisLink, redisUrlFor } from './redis-link.js';

/** One tools/call the policy allowed, as the governor sees it. */
export interface GovernedCall {
  readonly identity: CallerIdentity;
  readonly limits: CallLimits;
  readonly upstream: string;
  /** The tool's name at the upstream. */
  readonly tool: string;
  /** The name the client used: the metrics' `tool` label. */
  readonly qualifiedName: string;
  readonly requestId: JsonRpcId;
  /** Where shared counters live (the config in force; the node's env may override the URL). */
  readonly redis: RedisConfig;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal | undefined;
  /** Tells the upstream the call is abandoned (`notifications/cancelled`) when the deadline passes. */
  readonly cancelUpstream: (reason: string) => void;
}

/** Runs the call upstream; aborting the signal abandons it. */
export type CallRunner = (signal: AbortSignal) => Promise<DownstreamReply>;

export interface CallGovernorOptions {
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
}

/**
 * Budgets and backpressure on the tools/call path, after the policy allowed the call: circuit
 * breaker, rate limits (tenant, client, client+tool; shared through Redis), daily call and cost
 * budgets, concurrency caps with a bounded wait queue, and the call's deadline. One per node;
 * its gates and breakers outlive config reloads that leave their settings alone.
 */
export class CallGovernor {
  readonly #gates = new ConcurrencyGates();
  readonly #breakers = new CircuitBreakers();
  readonly #rateLimits = new Map<string, RateLimits>();
  readonly #budgets = new Map<string, DailyBudgets>();
  readonly #metrics: GatewayMetrics;
  readonly #logger: Logger;
  readonly #unobserve: (() => void)[] = [];
  #link: RedisLink | undefined;

  constructor(options: CallGovernorOptions) {
    this.#metrics = options.metrics;
    this.#logger = options.logger;
    this.#unobserve.push(
      this.#metrics.observeQueueDepths(() => this.#gates.queueDepths()),
      this.#metrics.observeBreakerStates(() => this.#breakers.states()),
    );
  }

  async govern(call: GovernedCall, run: CallRunner): Promise<DownstreamReply> {
    const { identity, limits } = call;
    const breaker =
      limits.breaker === undefined
        ? undefined
        : this.#breakers.breaker(call.upstream, call.tool, limits.breaker);
    const permit = breaker?.permit();
    if (permit !== undefined && !permit.allowed) {
      const seconds = retryAfterSeconds(permit.retryAfterMs);
      return this.#refuse(call, {
        reason: 'circuit_open',
        limit: 'circuit_breaker',
        status: 503,
        retryAfterSeconds: seconds,
        message: `tool "${call.qualifiedName}" is failing upstream and its circuit breaker is open; retry after ${seconds} s`,
      });
    }
    const probe = permit?.allowed === true && permit.probe;
    const giveBack = (): void => breaker?.neutral(probe);

    const shared =
      limits.tenantRateLimit !== undefined ||
      limits.clientRateLimit !== undefined ||
      limits.toolRateLimit !== undefined ||
      limits.dailyCallBudget !== undefined ||
      limits.dailyCostBudget !== undefined;
    const link = shared ? await this.#linkFor(call.redis) : undefined;
    const prefix = call.redis.keyPrefix;
    const rateRefusal = await this.#rateLimitsFor(prefix).consume(
      identity,
      limits,
      `${call.upstream}/${call.tool}`,
      link,
    );
    if (rateRefusal !== undefined) {
      giveBack();
      if (rateRefusal.reason === 'rate_limited') this.#metrics.rateLimited(identity.tenant);
      return this.#refuse(call, rateRefusal);
    }
    const budget = await this.#budgetsFor(prefix).charge(identity, limits, link);
    if (!budget.ok) {
      giveBack();
      if (budget.budget !== undefined) this.#metrics.budgetExceeded(identity.tenant, budget.budget);
      return this.#refuse(call, budget.refusal);
    }

    // The deadline covers the wait for a slot too: a call queued past it times out there.
    const deadline = new CallDeadline(limits.timeoutMs, call.signal);
    const timeout = (): ReturnType<typeof deadlineError> =>
      deadlineError(call.requestId, call.upstream, call.qualifiedName, limits.timeoutMs);
    const releases: (() => void)[] = [];
    if (limits.maxConcurrency !== undefined) {
      const gate = this.#gates.gate(
        `${identity.tenant}\u0000${call.upstream}\u0000${call.tool}`,
        limits.maxConcurrency,
        limits.maxQueueDepth,
        call.qualifiedName,
      );
      try {
        releases.push(await gate.acquire(deadline.signal));
      } catch (error) {
        deadline.clear();
        giveBack();
        if (!(error instanceof GateRefusedError)) throw error;
        if (error.kind === 'queue_full') {
          return this.#refuse(call, {
            reason: 'queue_full',
            limit: 'tool_queue',
            status: 503,
            retryAfterSeconds: 1,
            message: `tool "${call.qualifiedName}" is at its concurrency limit of ${limits.maxConcurrency} with ${limits.maxQueueDepth} calls already waiting; retry later`,
          });
        }
        // Timed out while waiting, or the client left (then nobody reads the answer).
        return jsonReply(timeout());
      }
    }
    if (limits.tenantMaxConcurrentCalls !== undefined) {
      const release = this.#gates
        .gate(identity.tenant, limits.tenantMaxConcurrentCalls, 0, '')
        .tryAcquire();
      if (release === undefined) {
        for (const held of releases) held();
        deadline.clear();
        giveBack();
        return this.#refuse(call, {
          reason: 'concurrency',
          limit: 'tenant_concurrency',
          status: 429,
          retryAfterSeconds: 1,
          message: `your tenant already has ${limits.tenantMaxConcurrentCalls} tool calls in flight on this node, its limit; retry when one finishes`,
        });
      }
      releases.push(release);
    }

    let settled = false;
    const settle = (verdict: CallVerdict): void => {
      if (settled) return;
      settled = true;
      deadline.clear();
      for (const release of releases) release();
      if (breaker === undefined) return;
      if (verdict === 'success') breaker.success();
      else if (verdict === 'failure') breaker.failure();
      else breaker.neutral(probe);
    };
    deadline.onExpire = () => {
      try {
        call.cancelUpstream(`the gateway's deadline of ${limits.timeoutMs} ms passed`);
      } catch (error) {
        this.#logger.warn({ err: (error as Error).message }, 'could not cancel upstream');
      }
    };

    let reply: DownstreamReply;
    try {
      reply = await run(deadline.signal);
    } catch (error) {
      settle(deadline.fired ? 'failure' : 'neutral');
      throw error;
    }
    if (reply.kind === 'sse') {
      return {
        ...reply,
        events: governStream(reply.events, call.requestId, deadline, timeout, settle),
      };
    }
    if (deadline.fired) {
      settle('failure');
      return jsonReply(timeout());
    }
    if (call.signal?.aborted === true) {
      settle('neutral');
    } else if (reply.kind === 'json' && !Array.isArray(reply.body)) {
      settle(verdictOf(reply.body, call.requestId) ?? 'failure');
    } else {
      settle('neutral');
    }
    return reply;
  }

  async close(): Promise<void> {
    for (const unobserve of this.#unobserve) unobserve();
    await this.#link?.close();
    this.#link = undefined;
  }

  #refuse(call: GovernedCall, refusal: CallRefusal): DownstreamReply {
    this.#metrics.callRejected(call.identity.tenant, refusal.reason);
    return refusalReply(call.requestId, refusal);
  }

  /** The node's Redis link for the URL in force; a changed URL replaces it. */
  async #linkFor(redis: RedisConfig): Promise<RedisLink | undefined> {
    const url = redisUrlFor(redis.url);
    if (url === undefined) return undefined;
    if (this.#link?.url !== url) {
      const previous = this.#link;
      this.#link = new RedisLink(url, this.#logger);
      if (previous !== undefined) void previous.close();
    }
    await this.#link.whenFirstReady();
    return this.#link;
  }

  #rateLimitsFor(prefix: string): RateLimits {
    let limits = this.#rateLimits.get(prefix);
    if (limits === undefined) {
      limits = new RateLimits(prefix);
      this.#rateLimits.set(prefix, limits);
    }
    return limits;
  }

  #budgetsFor(prefix: string): DailyBudgets {
    let budgets = this.#budgets.get(prefix);
    if (budgets === undefined) {
      budgets = new DailyBudgets(prefix);
      this.#budgets.set(prefix, budgets);
    }
    return budgets;
  }
}
