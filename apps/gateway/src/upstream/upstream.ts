import type { UpstreamConfig } from '@gatehouse/contracts';
import type { JsonRpcMessage, JsonRpcRequest } from '../jsonrpc/jsonrpc-message.js';
import type { UpstreamSessionRef } from '../session/session-state.js';

/** One event an upstream sends on a stream: a message, or a bare priming event (id, retry). */
export interface UpstreamEvent {
  message?: JsonRpcMessage;
  eventId?: string;
  retryMs?: number;
}

export type UpstreamReply =
  | { kind: 'accepted' }
  | { kind: 'single'; message: JsonRpcMessage }
  | { kind: 'stream'; events: AsyncIterable<UpstreamEvent> };

/** What the gateway passes on about its client when it opens an upstream session. */
export interface UpstreamInitParams {
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  clientInfo: { name: string; version: string };
  /** The tenant whose session this is: stdio children of `processScope: tenant` are per tenant. */
  tenant?: string;
}

export interface UpstreamSessionOpened extends UpstreamSessionRef {
  capabilities: Record<string, unknown>;
  serverInfo?: Record<string, unknown>;
  instructions?: string;
}

export interface UpstreamHealth {
  state: 'unknown' | 'ready' | 'down';
  detail?: string;
  checkedAt?: string;
}

/** Per-call context: cancellation when the client goes away, and a log-safe session label. */
export interface UpstreamCallContext {
  signal?: AbortSignal;
  /** The downstream session's id, for node-local bookkeeping (stdio relays). */
  sessionId: string;
  /** The session's tenant, for per-tenant stdio children. */
  tenant?: string;
  /** What the client declared at initialize: who may be asked for sampling, elicitation, roots. */
  clientCapabilities?: Record<string, unknown>;
}

export type UpstreamErrorKind = 'session-lost' | 'unavailable' | 'timeout' | 'protocol';

export class UpstreamError extends Error {
  constructor(
    readonly upstream: string,
    readonly kind: UpstreamErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** An upstream MCP server, whatever carries its messages. */
export interface Upstream {
  readonly name: string;
  readonly namespace: string;
  readonly config: UpstreamConfig;
  /** Capabilities the upstream declared at its last initialize, if any. */
  readonly capabilities: Record<string, unknown> | undefined;
  health(): UpstreamHealth;
  /** Starts processes and checks the upstream answers; resolves (never rejects) when known. */
  probe(): Promise<UpstreamHealth>;
  openSession(params: UpstreamInitParams): Promise<UpstreamSessionOpened>;
  send(
    ref: UpstreamSessionRef,
    message: JsonRpcMessage,
    context: UpstreamCallContext,
  ): Promise<UpstreamReply>;
  /** The standalone server→client stream (GET), optionally resuming after an event id. */
  openStream(
    ref: UpstreamSessionRef,
    lastEventId: string | undefined,
    context: UpstreamCallContext,
  ): Promise<UpstreamReply | undefined>;
  /** Ends the upstream side of a client session (`sessionId` names it for node-local state). */
  closeSession(ref: UpstreamSessionRef, sessionId?: string): Promise<void>;
  close(): Promise<void>;
}

export function isRequest(message: JsonRpcMessage): message is JsonRpcRequest {
  return 'method' in message && 'id' in message;
}
