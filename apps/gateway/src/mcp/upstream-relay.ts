import type { Logger } from 'pino';
import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcId, JsonRpcMessage, JsonRpcRequest } from '../jsonrpc/jsonrpc-message.js';
import type { SessionState } from '../session/session-state.js';
import {
  UpstreamError,
  type Upstream,
  type UpstreamEvent,
  type UpstreamReply,
} from '../upstream/upstream.js';
import { jsonReply, type DownstreamEvent, type DownstreamReply } from './downstream-reply.js';
import { encodePostEventId } from './event-ids.js';
import { encodeRelayedRequestId } from './relayed-request-ids.js';
import type { SessionUpstreams } from './session-upstreams.js';

/** Carries client messages to one upstream and that upstream's answers back, translated. */
export class UpstreamRelay {
  constructor(
    private readonly sessions: SessionUpstreams,
    private readonly logger: Logger,
  ) {}

  async relayRequest(
    session: SessionState,
    upstream: Upstream,
    request: JsonRpcRequest,
    signal: AbortSignal | undefined,
  ): Promise<DownstreamReply> {
    let reply: UpstreamReply;
    try {
      reply = await this.send(session, upstream, request, signal);
    } catch (error) {
      return jsonReply(this.failure(request.id, upstream, error));
    }
    if (reply.kind === 'single')
      return jsonReply(translateFromUpstream(upstream.name, reply.message));
    if (reply.kind === 'accepted') {
      return jsonReply(
        errorResponse(
          request.id,
          JsonRpcErrorCode.UpstreamUnavailable,
          `upstream "${upstream.name}" accepted the request without answering it`,
        ),
      );
    }
    return { kind: 'sse', events: this.translateStream(upstream, reply.events, request.id) };
  }

  /** Sends, and opens a fresh upstream session once if the upstream forgot ours. */
  async send(
    session: SessionState,
    upstream: Upstream,
    message: JsonRpcMessage,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamReply> {
    const ref = await this.sessions.refFor(session, upstream);
    const context =
      signal === undefined
        ? { sessionId: session.id, tenant: session.t }
        : { sessionId: session.id, tenant: session.t, signal };
    try {
      return await upstream.send(ref, message, context);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.kind !== 'session-lost') throw error;
      const fresh = await this.sessions.reopen(session, upstream, ref);
      return upstream.send(fresh, message, context);
    }
  }

  /** Notifications and responses for an upstream: delivered best effort, failures logged. */
  async forward(session: SessionState, upstream: Upstream, message: JsonRpcMessage): Promise<void> {
    try {
      const reply = await this.send(session, upstream, message, undefined);
      if (reply.kind === 'stream') for await (const _ of reply.events) break;
    } catch (error) {
      this.logger.warn(
        { session: session.id, upstream: upstream.name, err: (error as Error).message },
        'could not forward a message upstream',
      );
    }
  }

  /** A POST or resumed stream from one upstream, with event ids that say where to resume. */
  async *translateStream(
    upstream: Upstream,
    events: AsyncIterable<UpstreamEvent>,
    requestId: JsonRpcId | undefined,
  ): AsyncGenerator<DownstreamEvent> {
    let answered = false;
    let resumable = false;
    try {
      for await (const event of events) {
        const out: DownstreamEvent = {};
        if (event.eventId !== undefined) {
          out.id = encodePostEventId(upstream.name, event.eventId);
          resumable = true;
        }
        if (event.retryMs !== undefined) out.retryMs = event.retryMs;
        if (event.message !== undefined) {
          out.message = translateFromUpstream(upstream.name, event.message);
          if (requestId !== undefined && isResponseTo(event.message, requestId)) answered = true;
        }
        yield out;
      }
    } catch (error) {
      if (requestId !== undefined && !answered)
        yield { message: this.failure(requestId, upstream, error) };
      return;
    }
    // A stream that ends unanswered without an event id cannot be resumed: say so instead of hanging.
    if (requestId !== undefined && !answered && !resumable) {
      yield {
        message: errorResponse(
          requestId,
          JsonRpcErrorCode.UpstreamUnavailable,
          `upstream "${upstream.name}" closed the stream without answering`,
        ),
      };
    }
  }

  failure(id: JsonRpcId, upstream: Upstream, error: unknown): JsonRpcMessage {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ upstream: upstream.name, err: message }, 'upstream call failed');
    if (error instanceof UpstreamError && error.kind === 'timeout') {
      return errorResponse(id, JsonRpcErrorCode.UpstreamTimeout, message, {
        upstream: upstream.name,
      });
    }
    return errorResponse(id, JsonRpcErrorCode.UpstreamUnavailable, message, {
      upstream: upstream.name,
    });
  }
}

function isResponseTo(message: JsonRpcMessage, id: JsonRpcId): boolean {
  return ('result' in message || 'error' in message) && message.id === id;
}

/** Requests from an upstream get ids that name it; everything else passes unchanged. */
export function translateFromUpstream(upstream: string, message: JsonRpcMessage): JsonRpcMessage {
  if ('method' in message && 'id' in message) {
    return { ...message, id: encodeRelayedRequestId(upstream, message.id) };
  }
  return message;
}
