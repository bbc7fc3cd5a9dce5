import type { Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/request-authenticator.js';
import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcId, JsonRpcMessage } from '../jsonrpc/jsonrpc-message.js';
import { classifyMessage, type ClassifiedMessage } from '../jsonrpc/jsonrpc-message.js';
import { jsonReply, type DownstreamReply } from '../mcp/downstream-reply.js';
import { allowsBatches } from '../mcp/protocol-versions.js';
import { initializeSession } from '../mcp/session-initializer.js';
import type { VirtualServer } from '../mcp/virtual-server.js';
import type { RuntimeConfig } from '../runtime/runtime-config.js';
import type { SessionState } from '../session/session-state.js';
import { collectDownstreamResponse } from './collect-downstream-response.js';

export interface PostContext {
  runtime: RuntimeConfig;
  /** Undefined when the message is `initialize`, which opens the session. */
  session: SessionState | undefined;
  signal: AbortSignal;
  /** Who sent the POST, authenticated before anything else. */
  caller: AuthenticatedRequest;
}

/** An HTTP-level answer the route sends as is (status and JSON-RPC error body). */
export interface HttpRefusal {
  refusal: { status: number; message: string; code: number; id: JsonRpcId | null };
}

export type PostOutcome = DownstreamReply | HttpRefusal;

export function isRefusal(outcome: PostOutcome): outcome is HttpRefusal {
  return 'refusal' in outcome;
}

function refuse(
  status: number,
  message: string,
  code: number = JsonRpcErrorCode.InvalidRequest,
  id: JsonRpcId | null = null,
): HttpRefusal {
  return { refusal: { status, message, code, id } };
}

/** Works out what one POST body asks for and who answers it. */
export class McpPostHandler {
  constructor(
    private readonly server: VirtualServer,
    private readonly logger: Logger,
  ) {}

  /** True when the body is a lone `initialize` request: the one POST without a session. */
  static isInitialize(body: unknown): boolean {
    return (
      typeof body === 'object' &&
      body !== null &&
      !Array.isArray(body) &&
      (body as { method?: unknown }).method === 'initialize'
    );
  }

  async handle(body: unknown, context: PostContext): Promise<PostOutcome> {
    if (Array.isArray(body)) return this.handleBatch(body, context);
    const classified = classifyMessage(body);
    if (classified.kind === 'invalid') {
      return refuse(
        400,
        `Invalid Request: ${classified.reason}`,
        JsonRpcErrorCode.InvalidRequest,
        classified.id,
      );
    }
    if (context.session === undefined) {
      if (classified.kind !== 'request' || classified.message.method !== 'initialize') {
        return refuse(400, 'Bad Request: Mcp-Session-Id header is required');
      }
      return initializeSession(
        context.runtime,
        classified.message,
        this.logger,
        context.caller.identity,
      );
    }
    return this.handleOne(classified, context.session, context);
  }

  private async handleOne(
    classified: ClassifiedMessage,
    session: SessionState,
    context: PostContext,
  ): Promise<DownstreamReply> {
    switch (classified.kind) {
      case 'request':
        return this.server.handleRequest(
          context.runtime,
          session,
          classified.message,
          context.signal,
          context.caller,
        );
      case 'notification':
        this.server
          .handleNotification(context.runtime, session, classified.message)
          .catch((error: unknown) => {
            this.logger.warn(
              { session: session.id, err: (error as Error).message },
              'notification relay failed',
            );
          });
        return { kind: 'accepted' };
      case 'response':
        await this.server.handleResponse(context.runtime, session, classified.message);
        return { kind: 'accepted' };
      case 'invalid':
        return jsonReply(
          errorResponse(
            classified.id,
            JsonRpcErrorCode.InvalidRequest,
            `Invalid Request: ${classified.reason}`,
          ),
          400,
        );
    }
  }

  /** Batches exist only in 2025-03-26; later revisions removed them. */
  private async handleBatch(body: unknown[], context: PostContext): Promise<PostOutcome> {
    const session = context.session;
    if (session === undefined)
      return refuse(400, 'Bad Request: initialize must be sent alone, not in a batch');
    if (!allowsBatches(session.pv)) {
      return refuse(
        400,
        `Invalid Request: JSON-RPC batches are not supported in protocol version ${session.pv}`,
      );
    }
    if (body.length === 0) return refuse(400, 'Invalid Request: empty batch');
    const limit = context.runtime.config.limits.maxBatchSize;
    if (body.length > limit)
      return refuse(400, `Invalid Request: a batch may hold at most ${limit} messages`);
    const answers = await Promise.all(
      body.map(async (item): Promise<JsonRpcMessage | undefined> => {
        const classified = classifyMessage(item);
        if (classified.kind === 'request' && classified.message.method === 'initialize') {
          return errorResponse(
            classified.message.id,
            JsonRpcErrorCode.InvalidRequest,
            'initialize must not be part of a batch',
          );
        }
        const reply = await this.handleOne(classified, session, context);
        const id = classified.kind === 'request' ? classified.message.id : undefined;
        if (reply.kind === 'accepted') return undefined;
        if (reply.kind === 'json' && !Array.isArray(reply.body)) return reply.body;
        return id === undefined ? undefined : collectDownstreamResponse(reply, id);
      }),
    );
    const responses = answers.filter((answer): answer is JsonRpcMessage => answer !== undefined);
    return responses.length === 0 ? { kind: 'accepted' } : jsonReply(responses);
  }
}
