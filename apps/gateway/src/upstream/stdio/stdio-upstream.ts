import type { StdioTransportConfig, UpstreamConfig } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import type { JsonRpcMessage } from '../../jsonrpc/jsonrpc-message.js';
import type { UpstreamSessionRef } from '../../session/session-state.js';
import type {
  Upstream,
  UpstreamCallContext,
  UpstreamHealth,
  UpstreamInitParams,
  UpstreamReply,
  UpstreamSessionOpened,
} from '../upstream.js';
import { UpstreamError } from '../upstream.js';
import { StdioChildConnection } from './stdio-child-connection.js';

const SHARED = 'node';

/**
 * A stdio upstream: child processes of this node, one for the whole node (the default), one per
 * tenant (no process state is shared across tenants), or one per client session; started on
 * first use, stopped when idle, and capped in number.
 */
export class StdioUpstream implements Upstream {
  readonly name: string;
  readonly namespace: string;
  private readonly children = new Map<string, StdioChildConnection>();
  private readonly perSession: boolean;
  /** Session or tenant scope: children come and go, none is the node's shared one. */
  private readonly scoped: boolean;
  private known: Record<string, unknown> | undefined;
  private lastHealth: UpstreamHealth = { state: 'unknown' };
  private readonly sweeper: NodeJS.Timeout | undefined;

  constructor(
    readonly config: UpstreamConfig & { transport: StdioTransportConfig },
    namespace: string,
    private readonly logger: Logger,
  ) {
    this.name = config.name;
    this.namespace = namespace;
    this.perSession = config.transport.processScope === 'session';
    this.scoped = config.transport.processScope !== 'node';
    if (this.scoped) {
      const every = Math.max(1_000, Math.floor(config.transport.idleTimeoutMs / 4));
      this.sweeper = setInterval(() => this.stopIdle(), every);
      this.sweeper.unref();
    }
  }

  get capabilities(): Record<string, unknown> | undefined {
    return this.children.get(SHARED)?.capabilities ?? this.known;
  }

  health(): UpstreamHealth {
    return this.children.get(SHARED)?.health() ?? this.lastHealth;
  }

  /** Node scope: starts the shared child. Other scopes: start one to learn it works, then stop it. */
  async probe(): Promise<UpstreamHealth> {
    if (!this.scoped) {
      const health = await this.child(SHARED).probe();
      this.known = this.children.get(SHARED)?.capabilities;
      return health;
    }
    const probe = new StdioChildConnection(this.config, this.logger);
    this.lastHealth = await probe.probe();
    this.known = probe.capabilities;
    await probe.close();
    return this.lastHealth;
  }

  async openSession(params: UpstreamInitParams): Promise<UpstreamSessionOpened> {
    if (!this.scoped) return this.child(SHARED).openSession(params);
    if (!this.perSession) return this.child(tenantKey(params.tenant)).openSession(params);
    return { pv: params.protocolVersion, capabilities: this.known ?? {} };
  }

  async send(
    ref: UpstreamSessionRef,
    message: JsonRpcMessage,
    context: UpstreamCallContext,
  ): Promise<UpstreamReply> {
    const key = this.keyFor(context);
    // A notification or answer for a session whose child is gone has nobody to reach: no new child for it.
    if (this.scoped && !this.children.has(key) && !('method' in message && 'id' in message))
      return { kind: 'accepted' };
    return this.child(key).send(ref, message, context);
  }

  openStream(
    ref: UpstreamSessionRef,
    lastEventId: string | undefined,
    context: UpstreamCallContext,
  ): Promise<UpstreamReply> {
    return this.child(this.keyFor(context)).openStream(ref, lastEventId, context);
  }

  /** A session-scoped child ends with its session. */
  async closeSession(_ref: UpstreamSessionRef, sessionId?: string): Promise<void> {
    if (!this.perSession || sessionId === undefined) return;
    const child = this.children.get(sessionId);
    this.children.delete(sessionId);
    await child?.close();
  }

  async close(): Promise<void> {
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    const all = [...this.children.values()];
    this.children.clear();
    await Promise.allSettled(all.map((child) => child.close()));
  }

  private keyFor(context: UpstreamCallContext): string {
    if (this.perSession) return context.sessionId;
    return this.scoped ? tenantKey(context.tenant) : SHARED;
  }

  private child(key: string): StdioChildConnection {
    const existing = this.children.get(key);
    if (existing !== undefined) return existing;
    if (this.scoped && this.children.size >= this.config.transport.maxProcesses) {
      this.stopIdle(0);
      if (this.children.size >= this.config.transport.maxProcesses) {
        throw new UpstreamError(
          this.name,
          'unavailable',
          `upstream "${this.name}" runs its limit of ${this.config.transport.maxProcesses} processes on this node; try again later`,
        );
      }
    }
    const created = new StdioChildConnection(this.config, this.logger);
    this.children.set(key, created);
    return created;
  }

  private stopIdle(idleMs = this.config.transport.idleTimeoutMs): void {
    const now = Date.now();
    for (const [key, child] of this.children) {
      if (key === SHARED || child.busy || now - child.lastUsedAt < idleMs) continue;
      this.children.delete(key);
      this.logger.info(
        { upstream: this.name },
        'idle per-session or per-tenant stdio child stopped',
      );
      child
        .close()
        .catch((error: unknown) =>
          this.logger.warn(
            { upstream: this.name, err: (error as Error).message },
            'stopping an idle child failed',
          ),
        );
    }
  }
}

/** Tenant ids cannot contain ':', so these keys never meet the node's or a session's. */
function tenantKey(tenant: string | undefined): string {
  return `tenant:${tenant ?? ''}`;
}
