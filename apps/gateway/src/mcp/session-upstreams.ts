import type { Logger } from 'pino';
import { LruMap } from '../runtime/lru-map.js';
import type { SessionState, UpstreamSessionRef } from '../session/session-state.js';
import type { Upstream } from '../upstream/upstream.js';

/**
 * Finds the upstream session that serves a client session. Sessions opened at initialize
 * travel in the sealed session id; an upstream added later, or one that lost its session,
 * gets a new session on first use, remembered in a node-local cache. That cache is never the
 * only copy of anything: another node, or this one after eviction, simply opens its own.
 */
export class SessionUpstreams {
  private readonly reopened = new LruMap<string, UpstreamSessionRef>(50_000);
  private readonly opening = new Map<string, Promise<UpstreamSessionRef>>();
  /** Sessions a client ended here (DELETE): refused from then on by this node. */
  private readonly terminated = new LruMap<string, true>(100_000);

  constructor(private readonly logger: Logger) {}

  async refFor(session: SessionState, upstream: Upstream): Promise<UpstreamSessionRef> {
    const key = `${session.id}\u0000${upstream.name}`;
    const cached = this.reopened.get(key);
    if (cached !== undefined) return cached;
    const fromToken = session.up[upstream.name];
    if (fromToken !== undefined) return fromToken;
    return this.open(session, upstream, key);
  }

  /** The upstream said it no longer knows our session: open a fresh one for this client session. */
  async reopen(
    session: SessionState,
    upstream: Upstream,
    stale: UpstreamSessionRef,
  ): Promise<UpstreamSessionRef> {
    const key = `${session.id}\u0000${upstream.name}`;
    const cached = this.reopened.get(key);
    if (cached !== undefined && cached.sid !== stale.sid) return cached;
    this.logger.info(
      { session: session.id, upstream: upstream.name },
      'upstream session lost; opening a new one',
    );
    this.reopened.delete(key);
    return this.open(session, upstream, key);
  }

  markTerminated(session: SessionState): void {
    this.terminated.set(session.id, true);
  }

  isTerminated(session: SessionState): boolean {
    return this.terminated.get(session.id) === true;
  }

  /** Drops the node-local upstream session of a client session, returning it so it can be closed. */
  forget(session: SessionState, upstream: string): UpstreamSessionRef | undefined {
    const key = `${session.id}\u0000${upstream}`;
    const ref = this.reopened.get(key);
    this.reopened.delete(key);
    return ref;
  }

  private open(
    session: SessionState,
    upstream: Upstream,
    key: string,
  ): Promise<UpstreamSessionRef> {
    const pending = this.opening.get(key);
    if (pending !== undefined) return pending;
    const promise = upstream
      .openSession({
        protocolVersion: session.pv,
        capabilities: session.caps,
        clientInfo: session.ci,
        tenant: session.t,
      })
      .then((opened) => {
        const ref: UpstreamSessionRef =
          opened.sid === undefined ? { pv: opened.pv } : { sid: opened.sid, pv: opened.pv };
        this.reopened.set(key, ref);
        return ref;
      })
      .finally(() => this.opening.delete(key));
    this.opening.set(key, promise);
    return promise;
  }
}
