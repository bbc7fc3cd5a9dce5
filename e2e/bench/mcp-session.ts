// The MCP handshake a benchmark scenario starts with: initialize, notifications/initialized,
// tools/list (the tool under test must be listed), and the DELETE that ends the session.
import type { Pool } from 'undici';
import type { BenchTarget } from './bench-target.js';
import { postNotification, postRequest, REQUEST_TIMEOUT_MS } from './mcp-post.js';
import type { BodyFormat } from './rpc-response.js';

export const PROTOCOL_VERSION = '2025-11-25';
const MAX_TOOL_PAGES = 20;

export interface BenchSession {
  path: string;
  /** Headers for every request of the session (content-type, accept, session, version). */
  headers: Record<string, string>;
  sessionId: string | undefined;
  /** The target's own headers (the credential), needed on the closing DELETE too. */
  extraHeaders: Record<string, string>;
  protocolVersion: string;
  toolNames: string[];
  /** How the endpoint answered initialize and tools/list. */
  handshakeFormats: BodyFormat[];
  nextId(): number;
}

export async function openSession(pool: Pool, target: BenchTarget): Promise<BenchSession> {
  const path = new URL(target.url).pathname;
  let counter = 0;
  const nextId = (): number => ++counter;
  const headers: Record<string, string> = {
    ...target.headers,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const formats: BodyFormat[] = [];

  const initId = nextId();
  const init = await postRequest(
    pool,
    path,
    headers,
    initId,
    JSON.stringify({
      jsonrpc: '2.0',
      id: initId,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'gatehouse-bench', version: '0.1.0' },
      },
    }),
  );
  if (!init.outcome.ok)
    throw new Error(`initialize failed at ${target.url}: ${init.outcome.problem}`);
  if (init.format) formats.push(init.format);
  const negotiated = init.outcome.result['protocolVersion'];
  const protocolVersion = typeof negotiated === 'string' ? negotiated : PROTOCOL_VERSION;
  if (init.sessionId !== undefined) headers['mcp-session-id'] = init.sessionId;
  headers['mcp-protocol-version'] = protocolVersion;

  await postNotification(
    pool,
    path,
    headers,
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  );

  const toolNames: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page++) {
    const id = nextId();
    const params = cursor === undefined ? {} : { cursor };
    const list = await postRequest(
      pool,
      path,
      headers,
      id,
      JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list', params }),
    );
    if (!list.outcome.ok)
      throw new Error(`tools/list failed at ${target.url}: ${list.outcome.problem}`);
    if (list.format) formats.push(list.format);
    const tools = list.outcome.result['tools'];
    if (Array.isArray(tools)) {
      for (const tool of tools as unknown[]) {
        const name =
          typeof tool === 'object' && tool !== null
            ? (tool as Record<string, unknown>)['name']
            : undefined;
        if (typeof name === 'string') toolNames.push(name);
      }
    }
    const next = list.outcome.result['nextCursor'];
    if (typeof next !== 'string' || next === '') break;
    cursor = next;
  }
  if (!toolNames.includes(target.tool)) {
    throw new Error(
      `tool "${target.tool}" not listed at ${target.url}; tools/list gave: ${toolNames.join(', ') || '(none)'}`,
    );
  }
  return {
    path,
    headers,
    sessionId: init.sessionId,
    extraHeaders: { ...target.headers },
    protocolVersion,
    toolNames,
    handshakeFormats: formats,
    nextId,
  };
}

/** Ends the session (best effort: a failure here does not change the results). */
export async function closeSession(pool: Pool, session: BenchSession): Promise<void> {
  if (session.sessionId === undefined) return;
  try {
    const res = await pool.request({
      path: session.path,
      method: 'DELETE',
      headers: {
        ...session.extraHeaders,
        'mcp-session-id': session.sessionId,
        'mcp-protocol-version': session.protocolVersion,
      },
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
    });
    await res.body.dump();
  } catch {
    // ignored: the processes are killed at the end anyway
  }
}
