import type {
  Attributes,
  Counter,
  Histogram,
  Meter,
  ObservableGauge,
  ObservableResult,
} from '@opentelemetry/api';

/** Why the gateway refused a call before (or instead of) reaching the upstream. */
export type RejectReason =
  | 'rate_limited'
  | 'budget_exceeded'
  | 'concurrency'
  | 'queue_full'
  | 'circuit_open'
  | 'limits_unavailable';

export type BudgetType = 'calls' | 'cost';

/** 0 closed, 1 open, 2 half-open, as `circuit_breaker_state` reports it. */
export type BreakerStateValue = 0 | 1 | 2;

/** Something that can say, when metrics are read, how deep each tool's wait queue is. */
export type QueueDepthSource = () => Iterable<{ tool: string; depth: number }>;

/** Something that can say, when metrics are read, what state each breaker is in. */
export type BreakerStateSource = () => Iterable<{
  upstream: string;
  tool: string;
  state: BreakerStateValue;
}>;

/**
 * The gateway's instruments, on one OpenTelemetry Meter: the one place its metrics are named.
 * Exporters (Prometheus on /metrics, OTLP) are readers of the Meter's provider, not of this
 * class; a new instrument is a field here and a method that records it.
 */
export class GatewayMetrics {
  readonly #toolCalls: Counter;
  readonly #toolLatency: Histogram;
  readonly #rateLimited: Counter;
  readonly #budgetExceeded: Counter;
  readonly #callsRejected: Counter;
  readonly #authFailures: Counter;
  readonly #breakerState: ObservableGauge;
  readonly #queueDepth: ObservableGauge;
  readonly #queueSources = new Set<QueueDepthSource>();
  readonly #breakerSources = new Set<BreakerStateSource>();

  constructor(readonly meter: Meter) {
    this.#toolCalls = meter.createCounter('tool_calls_total', {
      description: 'Tool calls by tool, tenant and outcome (ok, error, refused, rate_limited).',
    });
    this.#toolLatency = meter.createHistogram('tool_latency_ms', {
      description: 'Tool call latency on the gateway, in milliseconds, by tool.',
      advice: {
        explicitBucketBoundaries: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      },
    });
    this.#rateLimited = meter.createCounter('rate_limited_total', {
      description: 'Tool calls refused by a rate limit, by tenant.',
    });
    this.#budgetExceeded = meter.createCounter('budget_exceeded_total', {
      description: 'Tool calls refused by a daily budget, by tenant and budget type.',
    });
    this.#callsRejected = meter.createCounter('calls_rejected_total', {
      description: 'Tool calls the gateway refused for a limit, by tenant and reason.',
    });
    // No tenant label: a request that failed authentication belongs to nobody we know.
    this.#authFailures = meter.createCounter('authentication_failures_total', {
      description: 'MCP requests answered 401, by reason (missing or invalid credential).',
    });
    this.#breakerState = meter.createObservableGauge('circuit_breaker_state', {
      description: 'Circuit breaker per upstream tool: 0 closed, 1 open, 2 half-open.',
    });
    this.#queueDepth = meter.createObservableGauge('concurrency_queue_depth', {
      description: 'Calls waiting for a concurrency slot on this node, by tool.',
    });
    this.#breakerState.addCallback((result) => this.#observeBreakers(result));
    this.#queueDepth.addCallback((result) => this.#observeQueues(result));
  }

  /** A finished tools/call (recorded with its audit event). */
  toolCall(tool: string, tenant: string, status: string, latencyMs: number): void {
    this.#toolCalls.add(1, { tool, tenant, status });
    this.#toolLatency.record(latencyMs, { tool });
  }

  rateLimited(tenant: string): void {
    this.#rateLimited.add(1, { tenant });
  }

  budgetExceeded(tenant: string, budgetType: BudgetType): void {
    this.#budgetExceeded.add(1, { tenant, budget_type: budgetType });
  }

  callRejected(tenant: string, reason: RejectReason): void {
    this.#callsRejected.add(1, { tenant, reason });
  }

  /**
   * A request refused with 401. Counted, not audited one by one: an unauthenticated flood must
   * not be able to fill the audit spool and, under the `refuse` policy, stop everyone's calls.
   */
  authenticationFailed(reason: 'missing' | 'invalid'): void {
    this.#authFailures.add(1, { reason });
  }

  /** Registers where queue depths are read from; returns the unregistration. */
  observeQueueDepths(source: QueueDepthSource): () => void {
    this.#queueSources.add(source);
    return () => this.#queueSources.delete(source);
  }

  observeBreakerStates(source: BreakerStateSource): () => void {
    this.#breakerSources.add(source);
    return () => this.#breakerSources.delete(source);
  }

  #observeQueues(result: ObservableResult<Attributes>): void {
    const depths = new Map<string, number>();
    for (const source of this.#queueSources) {
      for (const { tool, depth } of source()) depths.set(tool, (depths.get(tool) ?? 0) + depth);
    }
    for (const [tool, depth] of depths) result.observe(depth, { tool });
  }

  #observeBreakers(result: ObservableResult<Attributes>): void {
    for (const source of this.#breakerSources) {
      for (const { upstream, tool, state } of source()) result.observe(state, { upstream, tool });
    }
  }
}
