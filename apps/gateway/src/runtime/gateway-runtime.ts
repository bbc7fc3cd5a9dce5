import { isDeepStrictEqual } from 'node:util';
import type { GatewayConfig } from '@gatehouse/contracts';
import { namespaceOf } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { SessionSealer } from '../session/session-sealer.js';
import { createUpstream } from '../upstream/create-upstream.js';
import type { Upstream, UpstreamHealth } from '../upstream/upstream.js';
import { RuntimeConfig } from './runtime-config.js';

export type RuntimeChangeListener = (next: RuntimeConfig, previous: RuntimeConfig) => void;

/**
 * Holds the configuration in force and swaps it atomically. Upstreams whose config did not
 * change are kept (a stdio child is not restarted by an unrelated edit); replaced ones are
 * closed after the drain grace, so calls in flight finish on what they started with.
 */
export class GatewayRuntime {
  private active: RuntimeConfig;
  private readonly listeners = new Set<RuntimeChangeListener>();
  private readonly retiring = new Map<NodeJS.Timeout, readonly Upstream[]>();
  private probing: Promise<void> = Promise.resolve();
  private probed = false;

  private constructor(
    initial: RuntimeConfig,
    private readonly logger: Logger,
  ) {
    this.active = initial;
  }

  static start(config: GatewayConfig, logger: Logger): GatewayRuntime {
    const upstreams = config.upstreams.map((upstream) =>
      createUpstream(upstream, namespaceOf(upstream), logger),
    );
    const runtime = new GatewayRuntime(
      new RuntimeConfig(config, upstreams, sealerFor(config, undefined), 1),
      logger,
    );
    runtime.reportPolicyProblems(runtime.active);
    runtime.probing = runtime.probeAll(upstreams);
    return runtime;
  }

  get current(): RuntimeConfig {
    return this.active;
  }

  /** Ready once every enabled upstream has been probed at least once (up or down). */
  get ready(): boolean {
    return this.probed;
  }

  whenProbed(): Promise<void> {
    return this.probing;
  }

  upstreamHealth(): Record<string, UpstreamHealth> {
    return Object.fromEntries(
      this.active.enabledUpstreams.map((upstream) => [upstream.name, upstream.health()]),
    );
  }

  onChange(listener: RuntimeChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  apply(config: GatewayConfig): RuntimeConfig {
    const previous = this.active;
    const kept = new Map<string, Upstream>();
    for (const upstream of previous.allUpstreams) kept.set(upstream.name, upstream);
    const fresh: Upstream[] = [];
    const upstreams = config.upstreams.map((upstreamConfig) => {
      const existing = kept.get(upstreamConfig.name);
      if (existing !== undefined && isDeepStrictEqual(existing.config, upstreamConfig)) {
        kept.delete(upstreamConfig.name);
        return existing;
      }
      const created = createUpstream(upstreamConfig, namespaceOf(upstreamConfig), this.logger);
      fresh.push(created);
      return created;
    });
    const next = new RuntimeConfig(
      config,
      upstreams,
      sealerFor(config, previous),
      previous.generation + 1,
    );
    this.active = next;
    this.reportPolicyProblems(next);
    this.retire([...kept.values()], config.limits.shutdownGraceMs);
    this.probing = this.probeAll(fresh);
    this.logger.info(
      {
        generation: next.generation,
        upstreams: upstreams.map((upstream) => upstream.name),
        restarted: fresh.map((u) => u.name),
      },
      'configuration applied',
    );
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }

  async close(): Promise<void> {
    const retired = [...this.retiring.entries()].flatMap(([timer, upstreams]) => {
      clearTimeout(timer);
      return upstreams;
    });
    this.retiring.clear();
    await Promise.allSettled(
      [...this.active.allUpstreams, ...retired].map((upstream) => upstream.close()),
    );
  }

  /** A tool whose schema or rule does not compile is refused on every call: say so once, here. */
  private reportPolicyProblems(runtime: RuntimeConfig): void {
    for (const problem of runtime.policy.problems)
      this.logger.warn({ generation: runtime.generation, problem }, 'tool contract refused');
  }

  private retire(upstreams: readonly Upstream[], graceMs: number): void {
    if (upstreams.length === 0) return;
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      for (const upstream of upstreams) {
        upstream.close().catch((error: unknown) => {
          this.logger.warn(
            { upstream: upstream.name, err: (error as Error).message },
            'closing a retired upstream failed',
          );
        });
      }
    }, graceMs);
    timer.unref();
    this.retiring.set(timer, upstreams);
  }

  private async probeAll(upstreams: readonly Upstream[]): Promise<void> {
    await Promise.all(
      upstreams
        .filter((upstream) => upstream.config.enabled)
        .map(async (upstream) => {
          const health = await upstream.probe();
          const log =
            health.state === 'ready'
              ? this.logger.info.bind(this.logger)
              : this.logger.warn.bind(this.logger);
          log(
            { upstream: upstream.name, state: health.state, detail: health.detail },
            'upstream probed',
          );
        }),
    );
    this.probed = true;
  }
}

/** The sealer survives reloads unless the fleet secret changes (then old sessions end, as they must). */
function sealerFor(config: GatewayConfig, previous: RuntimeConfig | undefined): SessionSealer {
  const secret = fleetSecret(config);
  if (previous !== undefined && fleetSecret(previous.config) === secret) return previous.sealer;
  return secret === undefined ? SessionSealer.withRandomSecret() : new SessionSealer(secret);
}

/**
 * The fleet key that seals session ids: from the config (a DB-less file), else from the node's
 * environment — a control plane's snapshot never carries it (signed is not encrypted).
 */
function fleetSecret(config: GatewayConfig): string | undefined {
  const fromEnv = process.env['GATEHOUSE_SESSION_SECRET'];
  return config.sessions.secret ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
}
