import { randomUUID } from 'node:crypto';
import type { CallerIdentity } from '@gatehouse/policy';
import type { Logger } from 'pino';
import { errorResponse, JsonRpcErrorCode } from '../jsonrpc/jsonrpc-errors.js';
import type { JsonRpcRequest } from '../jsonrpc/jsonrpc-message.js';
import { isRecordValue } from '../jsonrpc/jsonrpc-message.js';
import type { RuntimeConfig } from '../runtime/runtime-config.js';
import {
  SESSION_STATE_VERSION,
  type SessionState,
  type UpstreamSessionRef,
} from '../session/session-state.js';
import type { UpstreamSessionOpened } from '../upstream/upstream.js';
import { jsonReply, type DownstreamReply } from './downstream-reply.js';
import { negotiateProtocolVersion } from './protocol-versions.js';

const INIT_TIMEOUT_CAP_MS = 15_000;
/** What SessionSealer.open accepts; a larger id could never be used again. */
const MAX_SESSION_ID_CHARS = 16_384;

/** What the virtual server promises: every kind of list can change as upstreams and config do. */
const VIRTUAL_SERVER_CAPABILITIES = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  completions: {},
  logging: {},
};

/** Answers `initialize`: opens a session on every upstream and seals the result into the session id. */
export async function initializeSession(
  runtime: RuntimeConfig,
  request: JsonRpcRequest,
  logger: Logger,
  /** The session is bound to this caller's tenant and client, and opens its tenant's upstreams only. */
  identity: CallerIdentity,
): Promise<DownstreamReply> {
  const params = request.params ?? {};
  if (!isRecordValue(params.clientInfo) || typeof params.clientInfo.name !== 'string') {
    return jsonReply(
      errorResponse(
        request.id,
        JsonRpcErrorCode.InvalidParams,
        'initialize needs params.clientInfo with a name',
      ),
    );
  }
  const protocolVersion = negotiateProtocolVersion(params.protocolVersion);
  const capabilities = isRecordValue(params.capabilities) ? params.capabilities : {};
  const clientInfo = {
    name: params.clientInfo.name,
    version: typeof params.clientInfo.version === 'string' ? params.clientInfo.version : '0',
  };
  const opened = await Promise.all(
    runtime.upstreamsFor(identity.tenant).map(async (upstream) => {
      try {
        const session = await withTimeout(
          upstream.openSession({
            protocolVersion,
            capabilities,
            clientInfo,
            tenant: identity.tenant,
          }),
          Math.min(upstream.config.timeoutMs, INIT_TIMEOUT_CAP_MS),
        );
        return { upstream, session };
      } catch (error) {
        logger.warn(
          { upstream: upstream.name, err: (error as Error).message },
          'upstream unavailable at initialize; retried on first use',
        );
        return { upstream, session: undefined };
      }
    }),
  );
  const up: Record<string, UpstreamSessionRef> = {};
  const instructions: string[] = [];
  for (const { upstream, session } of opened) {
    if (session === undefined) continue;
    up[upstream.name] =
      session.sid === undefined ? { pv: session.pv } : { sid: session.sid, pv: session.pv };
    const text = instructionsOf(session);
    if (text !== undefined)
      instructions.push(upstream.namespace === '' ? text : `[${upstream.namespace}] ${text}`);
  }
  const now = Math.floor(Date.now() / 1000);
  const state: SessionState = {
    v: SESSION_STATE_VERSION,
    id: randomUUID(),
    t: identity.tenant,
    c: identity.client,
    ...(identity.user === undefined ? {} : { u: identity.user }),
    pv: protocolVersion,
    iat: now,
    exp: now + runtime.config.sessions.ttlSeconds,
    caps: capabilities,
    ci: clientInfo,
    up,
  };
  const server = runtime.config.server;
  const combined =
    server.instructions ?? (instructions.length > 0 ? instructions.join('\n\n') : undefined);
  const result: Record<string, unknown> = {
    protocolVersion,
    capabilities: VIRTUAL_SERVER_CAPABILITIES,
    serverInfo: { name: server.name, version: server.version },
  };
  if (combined !== undefined) result.instructions = combined;
  const sessionId = runtime.sealer.seal(state);
  if (sessionId.length > MAX_SESSION_ID_CHARS) {
    await Promise.all(
      opened.flatMap(({ upstream, session }) =>
        session === undefined ? [] : [upstream.closeSession(session)],
      ),
    );
    return jsonReply(
      errorResponse(
        request.id,
        JsonRpcErrorCode.InvalidParams,
        'initialize params are too large to carry in a session (capabilities or clientInfo)',
      ),
    );
  }
  logger.info(
    {
      session: state.id,
      tenant: identity.tenant,
      client: identity.client,
      clientName: clientInfo.name,
      protocolVersion,
      upstreams: Object.keys(up),
    },
    'session initialized',
  );
  return jsonReply({ jsonrpc: '2.0', id: request.id, result }, 200, {
    'mcp-session-id': sessionId,
  });
}

function instructionsOf(session: UpstreamSessionOpened): string | undefined {
  return typeof session.instructions === 'string' && session.instructions.trim() !== ''
    ? session.instructions
    : undefined;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
