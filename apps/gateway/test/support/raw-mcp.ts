import { request } from 'undici';

export interface RawJsonRpc {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  text: string;
  /** The JSON-RPC messages of the body, whether it came as JSON or as an SSE stream. */
  messages: RawJsonRpc[];
}

export interface RawRequestOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'OPTIONS';
  sessionId?: string;
  protocolVersion?: string;
  /** Replace the default headers (content-type, accept) or add others; undefined drops one. */
  headers?: Record<string, string | undefined>;
}

function parseMessages(contentType: string, text: string): RawJsonRpc[] {
  if (text.trim() === '') return [];
  if (contentType.includes('text/event-stream')) {
    const out: RawJsonRpc[] = [];
    for (const block of text.split(/\r?\n\r?\n/)) {
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data.trim() !== '') out.push(JSON.parse(data) as RawJsonRpc);
    }
    return out;
  }
  const parsed = JSON.parse(text) as RawJsonRpc | RawJsonRpc[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** One HTTP exchange with an MCP endpoint, read to the end (do not use it for an open GET stream). */
export async function rawMcp(
  url: string,
  body: unknown,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const method = options.method ?? 'POST';
  const headers: Record<string, string> = {};
  const defaults: Record<string, string | undefined> = {
    'content-type': method === 'POST' ? 'application/json' : undefined,
    accept: method === 'GET' ? 'text/event-stream' : 'application/json, text/event-stream',
    'mcp-session-id': options.sessionId,
    'mcp-protocol-version': options.protocolVersion,
  };
  for (const [name, value] of Object.entries({ ...defaults, ...options.headers })) {
    if (value !== undefined) headers[name] = value;
  }
  const payload =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const response = await request(url, {
    method,
    headers,
    ...(payload === undefined ? {} : { body: payload }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await response.body.text();
  const contentType = String(response.headers['content-type'] ?? '');
  let messages: RawJsonRpc[];
  try {
    messages = parseMessages(contentType, text);
  } catch {
    messages = [];
  }
  return { status: response.statusCode, headers: response.headers, contentType, text, messages };
}

/** The one message of a response, or a failure that shows the whole body. */
export function onlyMessage(response: RawResponse): RawJsonRpc {
  const answers = response.messages.filter((message) => 'result' in message || 'error' in message);
  if (answers.length !== 1)
    throw new Error(`expected one answer, got HTTP ${response.status}: ${response.text}`);
  return answers[0] as RawJsonRpc;
}

export interface RawSession {
  sessionId: string;
  protocolVersion: string;
}

/** initialize + notifications/initialized over raw HTTP. */
export async function openRawSession(
  url: string,
  protocolVersion = '2025-11-25',
): Promise<RawSession> {
  const response = await rawMcp(url, {
    jsonrpc: '2.0',
    id: 'init',
    method: 'initialize',
    params: {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: 'raw-http', version: '1.0.0' },
    },
  });
  const sessionId = response.headers['mcp-session-id'];
  if (response.status !== 200 || typeof sessionId !== 'string') {
    throw new Error(`initialize failed: HTTP ${response.status} ${response.text}`);
  }
  const negotiated = onlyMessage(response).result?.protocolVersion;
  if (typeof negotiated !== 'string')
    throw new Error(`initialize answered without a protocol version: ${response.text}`);
  const initialized = await rawMcp(
    url,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { sessionId, protocolVersion: negotiated },
  );
  if (initialized.status !== 202)
    throw new Error(`notifications/initialized: HTTP ${initialized.status} ${initialized.text}`);
  return { sessionId, protocolVersion: negotiated };
}

let counter = 0;

/** A request in an open raw session. */
export function rawCall(
  url: string,
  session: RawSession,
  method: string,
  params?: Record<string, unknown>,
): Promise<RawResponse> {
  counter += 1;
  return rawMcp(
    url,
    { jsonrpc: '2.0', id: `raw-${counter}`, method, ...(params === undefined ? {} : { params }) },
    { sessionId: session.sessionId, protocolVersion: session.protocolVersion },
  );
}
