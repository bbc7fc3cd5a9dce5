import type { Logger } from 'pino';
import type { JsonRpcMessage } from '../jsonrpc/jsonrpc-message.js';
import { AsyncChannel } from '../runtime/async-channel.js';
import type { RuntimeConfig } from '../runtime/runtime-config.js';
import type { SessionState } from '../session/session-state.js';
import { UpstreamError, type Upstream, type UpstreamReply } from '../upstream/upstream.js';
import type { DownstreamEvent, DownstreamReply } from './downstream-reply.js';
import { decodeEventId, encodeGetEventId } from './event-ids.js';
import type { SessionUpstreams } from './session-upstreams.js';
import { translateFromUpstream, type UpstreamRelay } from './upstream-relay.js';

/**
 * The standalone GET stream: every upstream's server→client stream merged into one, plus the
 * gateway's own notifications. Streams live on the node that opened them; their event ids let
 * a client resume on any node.
 */
export class SessionStreams {
  private readonly open = new Map<AsyncChannel<DownstreamEvent>, AbortController>();

  constructor(
    private readonly sessions: SessionUpstreams,
    private readonly relay: UpstreamRelay,
    private readonly logger: Logger,
  ) {}

  get openCount(): number {
    return this.open.size;
  }

  /** Tells every client with an open stream on this node, e.g. that lists changed after a reload. */
  broadcast(message: JsonRpcMessage): void {
    for (const channel of this.open.keys()) channel.push({ message });
  }

  /** Ends every stream and the upstream streams feeding them (a draining node must not wait on them). */
  closeAll(): void {
    for (const [channel, controller] of this.open) {
      controller.abort();
      channel.close();
    }
  }

  async openStream(
    runtime: RuntimeConfig,
    session: SessionState,
    lastEventId: string | undefined,
    signal: AbortSignal,
  ): Promise<DownstreamReply> {
    const decoded = lastEventId === undefined ? undefined : decodeEventId(lastEventId);
    if (decoded?.kind === 'post') {
      const upstream = runtime.upstream(decoded.upstream);
      const reply =
        upstream === undefined
          ? undefined
          : await this.upstreamStream(session, upstream, decoded.upstreamEventId, signal);
      if (upstream === undefined || reply === undefined)
        return { kind: 'sse', events: emptyStream() };
      if (reply.kind === 'stream')
        return {
          kind: 'sse',
          events: this.relay.translateStream(upstream, reply.events, undefined),
        };
      return { kind: 'sse', events: emptyStream() };
    }
    const positions: Record<string, string> =
      decoded?.kind === 'get' ? { ...decoded.positions } : {};
    const channel = new AsyncChannel<DownstreamEvent>(1_000);
    // The stream's own controller: the client leaving, the node draining, or the stream ending
    // for any reason stops the upstream streams that feed it.
    const controller = new AbortController();
    const streamSignal = AbortSignal.any([signal, controller.signal]);
    this.open.set(channel, controller);
    streamSignal.addEventListener('abort', () => channel.close(), { once: true });
    for (const upstream of runtime.upstreamsFor(session.t)) {
      void this.pump(session, upstream, positions, channel, streamSignal);
    }
    const open = this.open;
    async function* events(): AsyncGenerator<DownstreamEvent> {
      try {
        for await (const event of channel) yield event;
      } finally {
        open.delete(channel);
        controller.abort();
        channel.close();
      }
    }
    return { kind: 'sse', events: events() };
  }

  /** Ends the client's session on every upstream that holds one. */
  async terminate(runtime: RuntimeConfig, session: SessionState): Promise<void> {
    this.sessions.markTerminated(session);
    await Promise.all(
      runtime.upstreamsFor(session.t).map(async (upstream) => {
        const refs = [session.up[upstream.name], this.sessions.forget(session, upstream.name)];
        await Promise.all(
          refs.flatMap((ref) =>
            ref === undefined ? [] : [upstream.closeSession(ref, session.id)],
          ),
        );
      }),
    );
  }

  private async pump(
    session: SessionState,
    upstream: Upstream,
    positions: Record<string, string>,
    channel: AsyncChannel<DownstreamEvent>,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      const reply = await this.upstreamStream(session, upstream, positions[upstream.name], signal);
      if (reply === undefined) return;
      if (reply.kind === 'single') {
        channel.push({ message: translateFromUpstream(upstream.name, reply.message) });
        return;
      }
      if (reply.kind !== 'stream') return;
      for await (const event of reply.events) {
        if (channel.isClosed) return;
        const out: DownstreamEvent = {};
        if (event.eventId !== undefined) {
          positions[upstream.name] = event.eventId;
          out.id = encodeGetEventId(positions);
        }
        if (event.retryMs !== undefined) out.retryMs = event.retryMs;
        if (event.message !== undefined)
          out.message = translateFromUpstream(upstream.name, event.message);
        if (out.message !== undefined) channel.push(out);
      }
    } catch (error) {
      if (!signal.aborted) {
        this.logger.warn(
          { session: session.id, upstream: upstream.name, err: (error as Error).message },
          'upstream stream ended',
        );
      }
    }
  }

  private async upstreamStream(
    session: SessionState,
    upstream: Upstream,
    lastEventId: string | undefined,
    signal: AbortSignal,
  ): Promise<UpstreamReply | undefined> {
    const ref = await this.sessions.refFor(session, upstream);
    const context = {
      sessionId: session.id,
      tenant: session.t,
      signal,
      clientCapabilities: session.caps,
    };
    try {
      return await upstream.openStream(ref, lastEventId, context);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.kind !== 'session-lost') throw error;
      const fresh = await this.sessions.reopen(session, upstream, ref);
      return upstream.openStream(fresh, undefined, context);
    }
  }
}

async function* emptyStream(): AsyncGenerator<DownstreamEvent> {
  // Nothing to resume: the stream ends at once and the client carries on.
}
