import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Logger } from 'pino';
import { RequestAuthenticator, type AuthenticatedRequest } from '../auth/request-authenticator.js';
import { JsonRpcErrorCode } from '../jsonrpc/jsonrpc-errors.js';
import type { DownstreamReply } from '../mcp/downstream-reply.js';
import { isSupportedProtocolVersion } from '../mcp/protocol-versions.js';
import type { SessionStreams } from '../mcp/session-streams.js';
import type { VirtualServer } from '../mcp/virtual-server.js';
import type { RuntimeConfig } from '../runtime/runtime-config.js';
import type { RuntimeHolder } from '../runtime/runtime-holder.js';
import type { SessionState } from '../session/session-state.js';
import { sendHttpError } from './http-errors.js';
import { McpPostHandler, isRefusal } from './mcp-post-handler.js';
import {
  checkContentType,
  checkGetAccept,
  checkHostAndOrigin,
  checkPostAccept,
  isOriginAllowed,
} from './request-guards.js';
import { writeSse } from './sse-writer.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { mcpSpanAttributes, withMcpRequestSpan } from '../telemetry/spans.js';

export interface McpRouteDeps {
  holder: RuntimeHolder;
  server: VirtualServer;
  streams: SessionStreams;
  metrics: GatewayMetrics;
  logger: Logger;
}

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const EXPOSED_HEADERS = 'mcp-session-id, mcp-protocol-version, www-authenticate';
const ALLOWED_HEADERS =
  'content-type, accept, authorization, mcp-session-id, mcp-protocol-version, last-event-id';

type SessionLookup = { session: SessionState } | { status: number; message: string };

type McpHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
  runtime: RuntimeConfig,
) => Promise<FastifyReply>;

/** How long a client is asked to wait while the node has no configuration yet. */
const NOT_READY_RETRY_AFTER_SECONDS = '5';

/**
 * POST, GET and DELETE on the MCP endpoint, with the transport's checks in the spec's order.
 * The endpoint's path comes from the first config, which a control-plane node receives after it
 * started listening, so routes match every path and the path is checked per request.
 */
export function registerMcpRoutes(app: FastifyInstance, deps: McpRouteDeps): void {
  const posts = new McpPostHandler(deps.server, deps.logger);
  const { holder } = deps;
  const authenticator = new RequestAuthenticator();

  /** Enforcement step 1, on POST, GET and DELETE alike: who is this? 401 with a challenge if unknown. */
  const authenticate = async (
    request: FastifyRequest,
    reply: FastifyReply,
    runtime: RuntimeConfig,
  ): Promise<AuthenticatedRequest | undefined> => {
    const result = await authenticator.authenticate(runtime, request.headers);
    if (result.ok) return result.caller;
    deps.metrics.authenticationFailed(
      request.headers.authorization === undefined ? 'missing' : 'invalid',
    );
    void reply.header('www-authenticate', result.failure.challenge);
    sendHttpError(reply, result.failure.status, result.failure.message, JsonRpcErrorCode.Refused);
    return undefined;
  };

  /** Runs before the body is read: a request nobody can serve yet costs nothing. */
  const refuseUnlessServed = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    if (holder.runtime === undefined) {
      void reply.header('retry-after', NOT_READY_RETRY_AFTER_SECONDS);
      return sendHttpError(
        reply,
        503,
        `Service Unavailable: this gateway node has no configuration in force yet (${holder.waitingReason}); retry shortly`,
        JsonRpcErrorCode.NotReady,
      );
    }
    if (request.url.split('?', 1)[0] !== holder.mcpPath) {
      reply.callNotFound();
      return reply;
    }
    return undefined;
  };

  const route = (method: HTTPMethods, handle: McpHandler): void => {
    app.route({
      method,
      url: '*',
      onRequest: refuseUnlessServed,
      handler: async (request, reply) => {
        const runtime = holder.runtime;
        // Only ever empty before the first config, and onRequest has answered that case.
        if (runtime === undefined) return reply;
        return handle(request, reply, runtime.current);
      },
    });
  };

  /** Host/Origin first: a refused browser must learn nothing else. */
  const guard = (request: FastifyRequest, reply: FastifyReply, runtime: RuntimeConfig): boolean => {
    const { security, listen } = runtime.config;
    const policy = {
      listenHost: listen.host,
      allowedHosts: security.allowedHosts,
      allowedOrigins: security.allowedOrigins,
    };
    const refusal = checkHostAndOrigin(request.headers, policy);
    if (refusal !== undefined) {
      sendHttpError(reply, refusal.status, refusal.message, JsonRpcErrorCode.Refused);
      return false;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && isOriginAllowed(origin, policy)) {
      void reply
        .header('access-control-allow-origin', origin)
        .header('vary', 'Origin')
        .header('access-control-expose-headers', EXPOSED_HEADERS);
    }
    return true;
  };

  const lookupSession = (
    request: FastifyRequest,
    runtime: RuntimeConfig,
    caller: AuthenticatedRequest,
  ): SessionLookup => {
    const header = request.headers['mcp-session-id'];
    if (typeof header !== 'string' || header === '')
      return { status: 400, message: 'Bad Request: Mcp-Session-Id header is required' };
    const session = runtime.sealer.open(header);
    // A session belongs to the credential that opened it: another tenant, client or user gets
    // the same 404 as an id never issued, so nothing is learned about it.
    if (
      session === undefined ||
      !isBoundTo(session, caller) ||
      deps.server.sessions.isTerminated(session)
    )
      return {
        status: 404,
        message: 'Session not found: it expired or was never issued here; initialize again',
      };
    const version = request.headers['mcp-protocol-version'];
    // The spec refuses unsupported versions only; the conformance suite sends an older supported
    // one mid-session and expects it served, as the SDK does.
    if (version !== undefined && !isSupportedProtocolVersion(version)) {
      return {
        status: 400,
        message: `Bad Request: unsupported MCP-Protocol-Version "${String(version)}"`,
      };
    }
    return { session };
  };

  const abortOnClose = (reply: FastifyReply): AbortController => {
    const controller = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    return controller;
  };

  route('POST', async (request, reply, runtime) => {
    if (!guard(request, reply, runtime)) return reply;
    const caller = await authenticate(request, reply, runtime);
    if (caller === undefined) return reply;
    const accept = checkPostAccept(request.headers.accept);
    if (accept !== undefined) return sendHttpError(reply, accept.status, accept.message);
    const contentType = checkContentType(request.headers['content-type']);
    if (contentType !== undefined)
      return sendHttpError(reply, contentType.status, contentType.message);
    let body: unknown;
    try {
      body = JSON.parse((request.body as Buffer | undefined)?.toString('utf8') ?? '');
    } catch (error) {
      return sendHttpError(
        reply,
        400,
        `Parse error: ${(error as Error).message}`,
        JsonRpcErrorCode.ParseError,
      );
    }
    let session: SessionState | undefined;
    if (!McpPostHandler.isInitialize(body)) {
      const found = lookupSession(request, runtime, caller);
      if (!('session' in found)) return sendHttpError(reply, found.status, found.message);
      session = found.session;
    }
    const signal = abortOnClose(reply).signal;
    const outcome = await withMcpRequestSpan(
      request.headers,
      mcpSpanAttributes(body, caller.identity.tenant),
      () => posts.handle(body, { runtime, session, signal, caller }),
    );
    if (isRefusal(outcome)) {
      const { status, message, code, id } = outcome.refusal;
      return sendHttpError(reply, status, message, code, id);
    }
    return render(reply, outcome);
  });

  route('GET', async (request, reply, runtime) => {
    if (!guard(request, reply, runtime)) return reply;
    const caller = await authenticate(request, reply, runtime);
    if (caller === undefined) return reply;
    const accept = checkGetAccept(request.headers.accept);
    if (accept !== undefined) return sendHttpError(reply, accept.status, accept.message);
    const found = lookupSession(request, runtime, caller);
    if (!('session' in found)) return sendHttpError(reply, found.status, found.message);
    const lastEventId = request.headers['last-event-id'];
    const controller = abortOnClose(reply);
    const outcome = await deps.streams.openStream(
      runtime,
      found.session,
      typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : undefined,
      controller.signal,
    );
    return render(reply, outcome);
  });

  route('DELETE', async (request, reply, runtime) => {
    if (!guard(request, reply, runtime)) return reply;
    const caller = await authenticate(request, reply, runtime);
    if (caller === undefined) return reply;
    const found = lookupSession(request, runtime, caller);
    if (!('session' in found)) return sendHttpError(reply, found.status, found.message);
    await deps.streams.terminate(runtime, found.session);
    deps.logger.info({ session: found.session.id }, 'session terminated by client');
    return reply.code(200).send();
  });

  route('OPTIONS', async (request, reply, runtime) => {
    if (!guard(request, reply, runtime)) return reply;
    return reply
      .code(204)
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '600')
      .send();
  });

  for (const method of ['PUT', 'PATCH'] as const) {
    route(method, async (_request, reply) =>
      reply
        .header('allow', ALLOWED_METHODS)
        .code(405)
        .send({
          jsonrpc: '2.0',
          id: null,
          error: { code: JsonRpcErrorCode.InvalidRequest, message: 'Method Not Allowed' },
        }),
    );
  }
}

function isBoundTo(session: SessionState, caller: AuthenticatedRequest): boolean {
  const { identity } = caller;
  return (
    session.t === identity.tenant && session.c === identity.client && session.u === identity.user
  );
}

async function render(reply: FastifyReply, outcome: DownstreamReply): Promise<FastifyReply> {
  if (outcome.kind === 'accepted') return reply.code(202).send();
  if (outcome.kind === 'json') {
    return reply
      .code(outcome.status)
      .headers(outcome.headers ?? {})
      .header('content-type', 'application/json')
      .send(outcome.body);
  }
  const headers: Record<string, string> = { ...(outcome.headers ?? {}) };
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (typeof value === 'string') headers[name] = value;
  }
  reply.hijack();
  await writeSse(reply.raw, outcome.events, headers);
  return reply;
}
