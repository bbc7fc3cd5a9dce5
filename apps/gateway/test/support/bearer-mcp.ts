import { rawMcp, onlyMessage, type RawJsonRpc, type RawResponse } from './raw-mcp.js';

export interface BearerSession {
  sessionId: string;
  protocolVersion: string;
  token: string | undefined;
}

function authorization(token: string | undefined): Record<string, string | undefined> {
  return { authorization: token === undefined ? undefined : `Bearer ${token}` };
}

/** `initialize` with a bearer credential; the raw response, for specs that check refusals. */
export function rawInitialize(
  url: string,
  token: string | undefined,
  headers: Record<string, string | undefined> = {},
): Promise<RawResponse> {
  return rawMcp(
    url,
    {
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'bearer-it', version: '1.0.0' },
      },
    },
    { headers: { ...authorization(token), ...headers } },
  );
}

/** initialize + notifications/initialized with a bearer credential. */
export async function openBearerSession(
  url: string,
  token: string | undefined,
): Promise<BearerSession> {
  const response = await rawInitialize(url, token);
  const sessionId = response.headers['mcp-session-id'];
  if (response.status !== 200 || typeof sessionId !== 'string')
    throw new Error(`initialize failed: HTTP ${response.status} ${response.text}`);
  const protocolVersion = String(onlyMessage(response).result?.protocolVersion);
  const session = { sessionId, protocolVersion, token };
  const initialized = await rawMcp(
    url,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    options(session),
  );
  if (initialized.status !== 202) throw new Error(`initialized: HTTP ${initialized.status}`);
  return session;
}

function options(
  session: BearerSession,
  token = session.token,
): { sessionId: string; protocolVersion: string; headers: Record<string, string | undefined> } {
  return {
    sessionId: session.sessionId,
    protocolVersion: session.protocolVersion,
    headers: authorization(token),
  };
}

let counter = 0;

/** A request in a session; `token` overrides the session's credential (to present another one). */
export function bearerCall(
  url: string,
  session: BearerSession,
  method: string,
  params?: Record<string, unknown>,
  token: string | undefined = session.token,
): Promise<RawResponse> {
  counter += 1;
  return rawMcp(
    url,
    {
      jsonrpc: '2.0',
      id: `bearer-${counter}`,
      method,
      ...(params === undefined ? {} : { params }),
    },
    options(session, token),
  );
}

/** The names in a tools/list answer. */
export async function toolNames(url: string, session: BearerSession): Promise<string[]> {
  const answer: RawJsonRpc = onlyMessage(await bearerCall(url, session, 'tools/list'));
  const tools = answer.result?.tools;
  return Array.isArray(tools)
    ? tools.map((tool) => String((tool as { name?: unknown }).name)).sort()
    : [];
}
